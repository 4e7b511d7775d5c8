using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using Tellal.Testing;

namespace Tellal.Integration.Tests.Infrastructure;

/// <summary>
/// The whole node (all roles) in the test process, on the embedded default in a temporary data directory, so a
/// test can add its own message handlers. The admin's password is set through configuration, as automation would.
/// </summary>
public sealed class TellalApp(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public static readonly string AdminPassword = TestPasswords.New();
    private readonly TempDirectory _data = new();

    public string DataDirectory => _data.Path;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("Tellal:DataDirectory", _data.Path);
        builder.UseSetting("Tellal:Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Tellal:Messaging:Relay:PollInterval", "00:00:00.100");
        builder.UseSetting("Tellal:Messaging:Local:PollInterval", "00:00:00.050");
        builder.UseSetting("Tellal:Messaging:Retry:MaxAttempts", "2");
        builder.UseSetting("Tellal:Messaging:Retry:InitialDelay", "00:00:00.050");
        builder.UseSetting("Tellal:Reports:SeedScale", "Small");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    /// <summary>A client signed in with a bearer token from POST /api/auth/token.</summary>
    public async Task<HttpClient> SignedInClientAsync(string userName, string password)
    {
        var client = CreateClient();
        // A hang guard, as long as Eventually's: on a loaded machine the start-up gate (423) can stay closed past 30 s.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            // The first admin is created once the schema is in place, a moment after start-up.
            var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
            if (response.IsSuccessStatusCode)
            {
                var token = await response.Content.ReadFromJsonAsync<TokenBody>();
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
                return client;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Could not sign in as {userName}: {(int)response.StatusCode}");
            await Task.Delay(200);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    /// <summary>Creates a user through the admin API and returns a client signed in as that user.</summary>
    public async Task<HttpClient> NewUserAsync(string role, string? email = null)
    {
        var admin = await SignedInClientAsync("admin", AdminPassword);
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..30];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = "a-password-for-tests", roles = new[] { role }, email });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return await SignedInClientAsync(userName, "a-password-for-tests");
    }

    private sealed record TokenBody(string AccessToken, DateTimeOffset ExpiresAt);
}
