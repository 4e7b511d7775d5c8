using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>The dashboard's pipeline figures: the accept rate of the node, the backlog drained by the mover that holds the lease.</summary>
public sealed class PipelineStatusTests
{
    [Fact]
    public async Task Accepted_events_show_in_the_rate_and_leave_no_backlog_once_moved()
    {
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Sqlite);
        var (_, key) = await node.NewKeyAsync();
        var events = Enumerable.Range(0, 50).Select(i => TelemetryApp.Event($"pipe-{i}", DateTimeOffset.UtcNow.AddMinutes(-1))).ToList();

        using var accepted = await node.PostAsync(key, events);
        accepted.EnsureSuccessStatusCode();
        // The rate counts whole seconds only: it shows the 50 events once the second they came in has passed (for 10 s).
        await Eventually.HoldsAsync(async () => (await StatusAsync(node)).GetProperty("acceptedPerSecond").GetDouble() > 0, "the accepted events show in the rate", TimeSpan.FromSeconds(30));
        await node.MovedAsync(TelemetryApp.IdsOf(events));

        var status = await StatusAsync(node);
        Assert.Equal(0, status.GetProperty("backlogEvents").GetInt64());
        Assert.False(string.IsNullOrEmpty(status.GetProperty("mover").GetString()));
        Assert.True(status.GetProperty("moverLagSeconds").GetDouble() >= 0);
        Assert.Equal(0, status.GetProperty("purchasesPending").GetInt32());
    }

    private static Task<JsonElement> StatusAsync(TelemetryApp node) => node.Admin.GetFromJsonAsync<JsonElement>("/api/telemetry/pipeline");
}
