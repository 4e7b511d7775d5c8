using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Hosting;

/// <summary>
/// The first start of a fresh install is what a new operator reads line by line: nothing in it may look like a
/// failure. Nothing reads a table before the node has migrated the database (data protection keys, heartbeats), on
/// the embedded SQLite file and on a fresh PostgreSQL database.
/// </summary>
public sealed class FirstStartTests
{
    // The embedded default loads the default scale of data, as a new user's first start does (its write lock is what
    // other writers would trip over); PostgreSQL gets the small scale, its history table probe is what is checked there.
    public static TheoryData<DatabaseProvider, string> Providers => new()
    {
        { DatabaseProvider.Sqlite, "Default" },
        { DatabaseProvider.Postgres, "Small" },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_first_start_on_a_fresh_database_logs_no_failure_and_no_exception(DatabaseProvider provider, string scale)
    {
        using var data = new TempDirectory();
        await using var postgres = provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null;
        var password = TestPasswords.New();
        var settings = new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = password,
            ["Tellal__Reports__SeedScale"] = scale,
            ["Tellal__Nodes__Interval"] = "00:00:00.500",
            ["Tellal__Nodes__StaleAfter"] = "00:00:03",
        };
        if (postgres is not null)
        {
            settings["ConnectionStrings__postgres"] = postgres.ConnectionString;
        }

        await using var node = TellalProcess.Start(data.Path, settings);
        await node.WaitUntilReadyAsync();
        // Ready means sign-in works: the first admin exists before the node opens (the first try, not a retry, succeeds).
        using (var anonymous = new HttpClient { BaseAddress = node.BaseAddress })
        {
            var first = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password });
            Assert.Equal(System.Net.HttpStatusCode.OK, first.StatusCode);
        }

        // Everything a first start does has run: the admin was created, the node reports itself ready in its
        // heartbeat, the sign-in page was served (its antiforgery token needs the data protection keys).
        using var admin = await node.SignInAsync("admin", password);
        await Eventually.HoldsAsync(async () => (await admin.GetFromJsonAsync<JsonElement>("/api/admin/nodes")).EnumerateArray()
                .Any(n => n.GetProperty("state").GetString() == "Ready"),
            "the node reports itself ready in its heartbeat", TimeSpan.FromSeconds(30));
        using var browser = new HttpClient { BaseAddress = node.BaseAddress };
        var page = await browser.GetAsync("/sign-in");
        Assert.True(page.IsSuccessStatusCode, $"sign-in page: {(int)page.StatusCode}");
        await node.StopAsync();

        var failures = node.Output.Split('\n')
            .Where(line => line.StartsWith("fail: ", StringComparison.Ordinal) || line.StartsWith("crit: ", StringComparison.Ordinal)
                || line.Contains("Exception", StringComparison.Ordinal))
            .ToList();
        Assert.True(failures.Count == 0, $"{string.Join('\n', failures)}\n\nThe whole log:\n{node.Output}");
    }
}
