using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Keys;
using Tellal.Telemetry.Pipeline;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// One node (all roles, so web and ingest), on the embedded default or a PostgreSQL database, shared by the telemetry
/// tests of a class. Each test sends events of its own (fresh event ids and players, a day of its own where it counts
/// players), so tests never share data.
/// </summary>
public sealed class TelemetryApp : IAsyncLifetime
{
    private readonly PostgresDatabase? _postgres;

    /// <summary>On the embedded default: the class fixture.</summary>
    public TelemetryApp()
        : this(null)
    {
    }

    private TelemetryApp(PostgresDatabase? postgres, IReadOnlyDictionary<string, string?>? extra = null)
    {
        _postgres = postgres;
        var settings = Settings(postgres?.ConnectionString);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        App = new TellalApp(settings: settings);
    }

    public TellalApp App { get; }

    /// <summary>A node of its own on the provider a theory names (plus <paramref name="extraSettings"/>); on PostgreSQL in a database of its own, dropped with the node.</summary>
    public static async Task<TelemetryApp> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var telemetry = new TelemetryApp(provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null, extraSettings);
        await telemetry.InitializeAsync();
        return telemetry;
    }

    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(string? postgres)
    {
        var settings = new Dictionary<string, string?> { ["Tellal:Telemetry:MoveInterval"] = "00:00:00.100" };
        if (postgres is not null)
        {
            settings["ConnectionStrings:postgres"] = postgres;
        }

        return settings;
    }

    public async Task<(Guid Id, string Secret)> NewKeyAsync(string app = "test-app")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var (key, secret) = await scope.ServiceProvider.GetRequiredService<AppKeyStore>().AddAsync(app, CancellationToken.None);
        return (key.Id, secret);
    }

    public async Task RevokeAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AppKeyStore>().RevokeAsync(id, CancellationToken.None));
    }

    public async Task<HttpResponseMessage> PostAsync(string? key, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/events") { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await App.CreateClient().SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string key, IEnumerable<object> events) => PostAsync(key, JsonContent.Create(events));

    public Task<HttpResponseMessage> PostNdjsonAsync(string key, IEnumerable<object> events) =>
        PostAsync(key, new StringContent(string.Join('\n', events.Select(e => System.Text.Json.JsonSerializer.Serialize(e))), Encoding.UTF8, "application/x-ndjson"));

    /// <summary>How many of <paramref name="eventIds"/> are in the permanent table.</summary>
    public async Task<int> StoredAsync(IReadOnlyCollection<Guid> eventIds)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<StoredEvent>().CountAsync(e => eventIds.Contains(e.EventId));
    }

    /// <summary>A count the test asks the node's database for directly (e.g. rows of one day's partition).</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.SqlQueryRaw<long>(sql).SingleAsync();
    }

    /// <summary>Waits until every staged event has been moved and <paramref name="eventIds"/> are all stored.</summary>
    public Task MovedAsync(IReadOnlyCollection<Guid> eventIds) =>
        Eventually.HoldsAsync(async () =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            return await StoredAsync(eventIds) == eventIds.Count && !await db.Set<StagedEvent>().AnyAsync();
        }, $"{eventIds.Count} events reached the permanent table");

    /// <summary>A valid event; a test spoils one of its fields for the bad-input cases.</summary>
    public static Dictionary<string, object?> Event(string playerId, DateTimeOffset occurredAt, string type = "heartbeat", Guid? eventId = null) => new()
    {
        ["eventId"] = (eventId ?? Guid.NewGuid()).ToString(),
        ["deviceId"] = $"device-{playerId}",
        ["playerId"] = playerId,
        ["gameId"] = 42,
        ["type"] = type,
        ["occurredAt"] = occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["data"] = new Dictionary<string, object> { ["level"] = 3 },
    };

    public static IReadOnlyList<Guid> IdsOf(IEnumerable<Dictionary<string, object?>> events) => events.Select(e => Guid.Parse((string)e["eventId"]!)).ToList();
}
