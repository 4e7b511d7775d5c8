using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Cli;

/// <summary>`tellal simulate rentals` against a node on the embedded default, as an operator would run it.</summary>
public sealed partial class SimulateRentalsTests
{
    [Fact]
    public async Task A_few_seconds_of_clerks_renting_end_with_every_order_decided_and_a_summary()
    {
        using var data = new TempDirectory();
        var adminPassword = TestPasswords.New();
        await using var node = TellalProcess.Start(data.Path, new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = adminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // More copies of every game than the 30 orders for three games could take: all of them are confirmed.
            ["Tellal__Inventory__CopiesPerGame"] = "20",
        });
        await node.WaitUntilReadyAsync();
        using var admin = await node.SignInAsync("admin", adminPassword);
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = "counter-clerk", password = "a-password-for-tests", roles = new[] { TellalPolicies.Clerk } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.HoldsAsync(async () => (await admin.GetAsync("/api/inventory/games/1")).StatusCode == HttpStatusCode.OK, "the catalogue reached Inventory");

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, "simulate", "rentals", "--url", node.BaseAddress.ToString(),
            "--user", "counter-clerk", "--password", "a-password-for-tests", "--rate", "10", "--duration", "3", "--games", "3", "--clients", "2");

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}\n{node.Output}");
        Assert.Equal(30, Count(output, "sent"));
        Assert.Equal(30, Count(output, "accepted"));
        Assert.Equal(0, Count(output, "refused"));
        Assert.Equal(0, Count(output, "still pending"));
        Assert.Equal(30, Count(output, "confirmed"));
        Assert.Equal(0, Count(output, "rejected"));
        Assert.Matches(ThroughputLine(), output);
        Assert.Matches(LatencyLine(), output);
    }

    private static int Count(string output, string label) =>
        int.Parse(Regex.Match(output, $"^{label}: +(\\d+)$", RegexOptions.Multiline).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^throughput: +\d+\.\d decided/s$", RegexOptions.Multiline)]
    private static partial Regex ThroughputLine();

    [GeneratedRegex(@"^latency accepted->decided: p50 \d+ ms, p95 \d+ ms, p99 \d+ ms$", RegexOptions.Multiline)]
    private static partial Regex LatencyLine();
}
