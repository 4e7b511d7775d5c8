using System.Net;
using System.Net.Http.Json;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.SignIn;

/// <summary>
/// Regression test for the CI failure of 2026-12-04 (LoadWithWorkerKillTests: creating the 50th requester answered 503).
/// Password hashing ran on every request thread at once; a burst of sign-ins and new users took the whole thread pool,
/// and the node's own database connects timed out behind it. Against the old code this burst got dozens of 503s.
/// </summary>
public sealed class SignInBurstTests
{
    private const int Burst = 100;

    [Fact]
    public async Task A_burst_of_sign_ins_and_new_users_on_a_fresh_node_is_served_without_a_single_503()
    {
        using var data = new TempDirectory();
        await using var postgres = await PostgresDatabase.CreateAsync();
        var password = TestPasswords.New();
        await using var node = TellalProcess.Start(data.Path, new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = postgres.ConnectionString,
            ["Tellal__Bootstrap__AdminPassword"] = password,
            ["Tellal__Reports__SeedScale"] = "Small",
            // Staff behind one office address all signing in at nine: the per-address limit is not what this test is about.
            ["Tellal__Auth__SignIn__RequestsPerMinute"] = "100000",
        }, "--roles", "web");
        await node.WaitUntilReadyAsync();
        using var admin = await node.SignInAsync("admin", password);
        using var anonymous = new HttpClient { BaseAddress = node.BaseAddress };

        var signIns = Enumerable.Range(0, Burst).Select(async _ =>
            (await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password })).StatusCode);
        var creations = Enumerable.Range(0, Burst).Select(async i =>
        {
            var name = $"burst-{i}-{Guid.NewGuid():N}"[..20];
            return (await admin.PostAsJsonAsync("/api/users",
                new { userName = name, password = TestPasswords.New(), roles = new[] { TellalPolicies.Requester } })).StatusCode;
        });
        var answers = await Task.WhenAll(signIns.Concat(creations));

        Assert.Equal(Burst, answers.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(Burst, answers.Count(status => status == HttpStatusCode.Created));
    }
}
