using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Users;

/// <summary>
/// The only two enabled admins take each other's power away at the same instant (roles, then disabling): the
/// check-and-write is atomic, so exactly one succeeds, the other gets 409 (or 401 when it came too late even to be
/// authenticated), and one enabled admin remains.
/// </summary>
public sealed class LastAdminRaceTests
{
    private const int Rounds = 10;
    private static readonly string AdminPassword = TestPasswords.New();

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_admins_demoting_each_other_at_once_leave_exactly_one_admin(DatabaseProvider provider)
    {
        using var data = new TempDirectory();
        await using var postgres = provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null;
        await using var node = TellalProcess.Start(data.Path, Settings(postgres));
        await node.WaitUntilReadyAsync();
        var admin = await node.SignInAsync("admin", AdminPassword);
        var adminId = await IdOfAsync(admin, "admin");

        var conflicts = 0;
        // Each round the two enabled admins are the last winner and a newcomer it makes admin.
        for (var round = 0; round < Rounds; round++)
        {
            var newcomer = $"admin-{round}-{Guid.NewGuid():N}"[..20];
            var created = await admin.PostAsJsonAsync("/api/users", new { userName = newcomer, password = AdminPassword, roles = new[] { TellalPolicies.Admin } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var newcomerId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            var other = await node.SignInAsync(newcomer, AdminPassword);

            var disable = round % 2 == 1;
            var answers = await Task.WhenAll(TakeAwayAsync(admin, newcomerId, disable), TakeAwayAsync(other, adminId, disable));

            // The loser gets 409 when both requests reached the check; 401 when the winner committed before the
            // loser's request was even authenticated (its token no longer matches an enabled admin).
            var lost = answers.Where(a => a != HttpStatusCode.OK).ToList();
            Assert.True(lost is [HttpStatusCode.Conflict or HttpStatusCode.Unauthorized], $"round {round}: answered {string.Join(", ", answers)}");
            conflicts += lost[0] == HttpStatusCode.Conflict ? 1 : 0;
            var firstWon = answers[0] == HttpStatusCode.OK;
            var (winner, loser) = firstWon ? (admin, other) : (other, admin);
            Assert.Equal([firstWon ? adminId : newcomerId], await EnabledAdminsAsync(winner));

            loser.Dispose();
            (admin, adminId) = (winner, firstWon ? adminId : newcomerId);
        }

        admin.Dispose();
        Assert.True(conflicts > 0, $"in none of {Rounds} rounds did both requests reach the check at once");
    }

    private static async Task<HttpStatusCode> TakeAwayAsync(HttpClient by, Guid id, bool disable) => (disable
        ? await by.PostAsync($"/api/users/{id}/disable", null)
        : await by.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { TellalPolicies.Requester } })).StatusCode;

    private static async Task<Guid> IdOfAsync(HttpClient admin, string userName) =>
        (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName).GetProperty("id").GetGuid();

    private static async Task<List<Guid>> EnabledAdminsAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray()
            .Where(u => !u.GetProperty("disabled").GetBoolean() && u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == TellalPolicies.Admin))
            .Select(u => u.GetProperty("id").GetGuid())];

    private static Dictionary<string, string> Settings(PostgresDatabase? postgres)
    {
        var settings = postgres is null ? [] : TestEnvironment.SharedServerSettings(postgres.ConnectionString);
        settings["Tellal__Bootstrap__AdminPassword"] = AdminPassword;
        settings["Tellal__Reports__SeedScale"] = "Small";
        return settings;
    }
}
