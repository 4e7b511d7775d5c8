using Tellal.Integration.Tests.Telemetry;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Cli;

/// <summary>`tellal simulate telemetry` against a node on the embedded default, as an operator would run it.</summary>
public sealed class SimulateTelemetryTests
{
    [Fact]
    public async Task Two_seconds_of_apps_reporting_end_with_the_distinct_events_stored_once_and_the_players_counted()
    {
        using var data = new TempDirectory();
        var adminPassword = TestPasswords.New();
        var settings = new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = adminPassword,
            ["Tellal__Telemetry__MoveInterval"] = "00:00:00.200",
        };
        var key = await SimulatedRun.NewKeyAsync(data.Path, settings);
        await using var node = TellalProcess.Start(data.Path, settings);
        await node.WaitUntilReadyAsync();

        var firstDay = SimulatedRun.Today;
        var run = await SimulatedRun.RunAsync(data.Path, key, node.BaseAddress,
            "--devices", "20", "--rate", "1000", "--duration", "2", "--batch", "100", "--duplicates", "0.1", "--purchases", "0.05", "--bad-receipts", "0.2");

        var lastDay = SimulatedRun.Today;
        Assert.True(run.ExitCode == 0, $"exit code {run.ExitCode}:\n{run.Output}\n{node.Output}");
        Assert.Equal(2_000, run.Count("distinct events"));
        Assert.Equal(20, run.Count("distinct players"));
        Assert.Equal(200, run.Count("duplicates"));
        Assert.Equal(100, run.Count("purchases"));
        Assert.Equal(20, run.Count("bad receipts"));
        Assert.Equal(0, run.Count("undelivered"));
        Assert.Matches(SimulatedRun.LatencyLine(), run.Output);

        await Eventually.HoldsAsync(async () => await SimulatedRun.SqliteCountAsync(data.Path, "tel_staged_events") == 0
            && await SimulatedRun.SqliteCountAsync(data.Path, "tel_events") >= 2_000, "the events were moved");
        Assert.Equal(2_000, await SimulatedRun.SqliteCountAsync(data.Path, "tel_events"));
        using var admin = await node.SignInAsync("admin", adminPassword);
        Assert.Equal(20, await SimulatedRun.ActiveUsersAsync(admin, firstDay, lastDay));
    }

    [Fact]
    public async Task Without_a_key_the_simulator_says_what_it_needs()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null,
            "simulate", "telemetry", "--url", "http://127.0.0.1:9", "--devices", "1", "--rate", "1", "--duration", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains("TELLAL_TELEMETRY_KEY", output, StringComparison.Ordinal);
    }
}
