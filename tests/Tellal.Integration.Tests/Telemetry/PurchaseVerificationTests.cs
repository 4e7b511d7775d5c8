using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Purchases;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>The store is shared by the tests of the class (they run one at a time and reset its faults).</summary>
public sealed class AppStoreFixture : IAsyncLifetime
{
    public AppStoreProcess Store { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Store = await AppStoreProcess.StartAsync();

    public async ValueTask DisposeAsync() => await Store.DisposeAsync();
}

/// <summary>
/// Purchases are verified with the stand-in store apart from ingest: genuine receipts end Verified, forged ones
/// Rejected, and only verified purchases are revenue. With the store down and then rate limiting, ingest keeps
/// answering 202, and verification catches up afterwards with each purchase judged once.
/// </summary>
public sealed class PurchaseVerificationTests(AppStoreFixture fixture) : IClassFixture<AppStoreFixture>
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Genuine_receipts_are_verified_forged_ones_rejected_and_revenue_counts_only_verified(DatabaseProvider provider)
    {
        await fixture.Store.SetFaultsAsync(new { });
        await using var node = await TelemetryApp.StartAsync(provider, fixture.Store.TellalSettings);
        var (_, key) = await node.NewKeyAsync();
        var day = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var before = await fixture.Store.StatsAsync();
        var altered = AppStoreProcess.Receipt("gems.100", 990_000, "EUR");
        altered["priceMicros"] = 99_990_000L;
        var purchases = new List<Dictionary<string, object?>>
        {
            Purchase(day, 7, AppStoreProcess.Receipt("gems.500", 4_990_000, "EUR")),
            Purchase(day, 7, AppStoreProcess.Receipt("gems.100", 990_000, "EUR")),
            Purchase(day, 8, AppStoreProcess.Receipt("season-pass", 9_990_000, "USD")),
            // A receipt whose price was raised after the store signed it, and a forged one.
            Purchase(day, 7, altered),
            Purchase(day, 8, AppStoreProcess.Receipt("season-pass", 9_990_000, "USD", forged: true)),
        };
        var heartbeat = TelemetryApp.Event("buyer-hb", day);

        Assert.Equal(HttpStatusCode.Accepted, (await node.PostAsync(key, [.. purchases, heartbeat])).StatusCode);
        // The app resends the same purchases: they are verified once.
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostAsync(key, purchases)).StatusCode);
        var ids = TelemetryApp.IdsOf(purchases);
        await DecidedAsync(node, ids);

        var statuses = await StatusesAsync(node, ids);
        Assert.Equal([PurchaseStatus.Verified, PurchaseStatus.Verified, PurchaseStatus.Verified, PurchaseStatus.Rejected, PurchaseStatus.Rejected], ids.Select(id => statuses[id]));
        var revenue = await node.Admin.GetFromJsonAsync<JsonElement>($"/api/telemetry/revenue?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}");
        Assert.Equal(2, revenue.GetProperty("rejected").GetInt32());
        Assert.Equal(0, revenue.GetProperty("pending").GetInt32());
        var games = revenue.GetProperty("games").EnumerateArray()
            .Select(g => (g.GetProperty("gameId").GetInt64(), g.GetProperty("currency").GetString(), g.GetProperty("purchases").GetInt32(), g.GetProperty("revenue").GetDecimal()))
            .ToList();
        Assert.Equal([(7L, "EUR", 2, 5.98m), (8L, "USD", 1, 9.99m)], games);

        var seen = await fixture.Store.StatsAsync();
        Assert.True(seen.JudgedMoreThanOnce == 0, $"judged more than once: {seen.JudgedMoreThanOnce}; {string.Join(", ", seen.Responses)}; {seen.Valid - before.Valid} valid");
        Assert.Equal(3, seen.Valid - before.Valid);
        Assert.Equal(2, seen.Invalid - before.Invalid);
    }

    [Fact]
    public async Task With_the_store_down_then_rate_limiting_ingest_answers_202_and_verification_catches_up_once()
    {
        await fixture.Store.SetFaultsAsync(new { outageSeconds = 3600 });
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Postgres, fixture.Store.TellalSettings);
        var (_, key) = await node.NewKeyAsync();
        var day = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var before = await fixture.Store.StatsAsync();
        var purchases = Enumerable.Range(0, 30).Select(i => Purchase(day.AddMinutes(i), 7, AppStoreProcess.Receipt("gems.100", 1_990_000, "EUR"))).ToList();

        foreach (var chunk in purchases.Chunk(3))
        {
            var events = chunk.Concat(Enumerable.Range(0, 20).Select(i => TelemetryApp.Event($"outage-{i}", day))).ToList();
            Assert.Equal(HttpStatusCode.Accepted, (await node.PostAsync(key, events)).StatusCode);
        }

        var ids = TelemetryApp.IdsOf(purchases);
        await node.MovedAsync([.. ids]);
        // Every purchase was tried against the dead store and is still pending, waiting for its next attempt.
        await Eventually.HoldsAsync(async () => (await PurchasesAsync(node, ids)).All(p => p.Status == PurchaseStatus.Pending && p.Attempts >= 1),
            "every purchase was tried once while the store is down");

        await fixture.Store.SetFaultsAsync(new { rateLimitSeconds = 3 });
        await DecidedAsync(node, ids);
        Assert.All((await StatusesAsync(node, ids)).Values, status => Assert.Equal(PurchaseStatus.Verified, status));
        var seen = await fixture.Store.StatsAsync();
        Assert.True(seen.Count(503) > before.Count(503), "the store answered 503 while down");
        Assert.True(seen.Count(429) > before.Count(429), "the store answered 429 while rate limiting");
        Assert.Equal(30, seen.Valid - before.Valid);
        Assert.Equal(0, seen.JudgedMoreThanOnce);
    }

    private static Dictionary<string, object?> Purchase(DateTimeOffset at, long gameId, Dictionary<string, object> receipt)
    {
        var e = TelemetryApp.Event($"buyer-{Guid.NewGuid():N}", at, "purchase");
        e["gameId"] = gameId;
        e["data"] = new Dictionary<string, object> { ["receipt"] = receipt };
        return e;
    }

    private static Task DecidedAsync(TelemetryApp node, IReadOnlyList<Guid> ids) =>
        Eventually.HoldsAsync(async () =>
        {
            var purchases = await PurchasesAsync(node, ids);
            return purchases.Count == ids.Count && purchases.All(p => p.Status != PurchaseStatus.Pending);
        }, $"{ids.Count} purchases verified or rejected", TimeSpan.FromSeconds(60));

    private static async Task<Dictionary<Guid, PurchaseStatus>> StatusesAsync(TelemetryApp node, IReadOnlyList<Guid> ids) =>
        (await PurchasesAsync(node, ids)).ToDictionary(p => p.EventId, p => p.Status);

    private static async Task<List<Purchase>> PurchasesAsync(TelemetryApp node, IReadOnlyList<Guid> ids)
    {
        await using var scope = node.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Purchase>().AsNoTracking().Where(p => ids.Contains(p.EventId)).ToListAsync();
    }
}
