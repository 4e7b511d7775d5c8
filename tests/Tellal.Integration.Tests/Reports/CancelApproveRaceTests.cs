using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Reports;

/// <summary>
/// The owner cancels a request at the instant an approver approves it (issue 11, point 5): one wins, the other gets
/// 409 with a problem body (never 500), and the report ends as the last successful answer said.
/// </summary>
public sealed class CancelApproveRaceTests
{
    private const int Rounds = 24;
    private const string Password = "a-password-for-tests";
    private static readonly string AdminPassword = TestPasswords.New();

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Cancel_racing_approve_gives_one_winner_and_a_409(DatabaseProvider provider)
    {
        using var data = new TempDirectory();
        await using var postgres = provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null;
        await using var node = TellalProcess.Start(data.Path, Settings(postgres));
        await node.WaitUntilReadyAsync();
        using var admin = await node.SignInAsync("admin", AdminPassword);
        using var requester = await NewUserAsync(node, admin, TellalPolicies.Requester);
        using var approver = await NewUserAsync(node, admin, TellalPolicies.Approver);

        for (var round = 0; round < Rounds; round++)
        {
            var submitted = await requester.PostAsJsonAsync("/api/reports", new { reportType = "afk-customers" });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            var answers = await Task.WhenAll(requester.PostAsync($"/api/reports/{id}/cancel", null), approver.PostAsync($"/api/reports/{id}/approve", null));
            var codes = answers.Select(a => a.StatusCode).ToArray();
            // Both succeed when the approve commits before the cancel reads (a queued report can be cancelled too).
            Assert.True(codes.All(c => c is HttpStatusCode.OK or HttpStatusCode.Conflict) && codes.Contains(HttpStatusCode.OK),
                $"round {round}: cancel {codes[0]}, approve {codes[1]}");
            Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Conflict),
                loser => Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType));

            var status = (await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}")).GetProperty("status").GetString();
            Assert.True(codes[0] == HttpStatusCode.OK ? status == "Cancelled" : status is "Queued" or "Running" or "Ready", $"round {round}: {status}");
        }
    }

    private static async Task<HttpClient> NewUserAsync(TellalProcess node, HttpClient admin, string role)
    {
        var userName = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await node.SignInAsync(userName, Password);
    }

    private static Dictionary<string, string> Settings(PostgresDatabase? postgres)
    {
        var settings = postgres is null ? [] : TestEnvironment.SharedServerSettings(postgres.ConnectionString);
        settings["Tellal__Bootstrap__AdminPassword"] = AdminPassword;
        settings["Tellal__Reports__SeedScale"] = "Small";
        // Every round is one more report of the same requester, sent at once.
        settings["Tellal__Reports__Quotas__SubmissionBurst"] = "1000";
        settings["Tellal__Reports__Quotas__MaxUnfinishedPerUser"] = "1000";
        return settings;
    }
}
