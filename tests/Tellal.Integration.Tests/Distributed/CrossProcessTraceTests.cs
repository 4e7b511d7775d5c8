using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Issue 16, one trace per report: the envelope carries <c>traceparent</c>, so the submit on the web node, the
/// generation on the worker and the notification on the notifier are spans of one trace, exported by three
/// processes to one collector.
/// </summary>
public sealed class CrossProcessTraceTests
{
    private static readonly string[] Roles = ["web", "worker", "notifier"];

    [Fact]
    public async Task One_report_is_one_trace_across_the_web_worker_and_notifier_processes()
    {
        await using var collector = await OtlpTraceReceiver.StartAsync();
        await using var cluster = await RoleCluster.StartAsync(roleSettings: role => new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint(role),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            // An export that fails (the test process's receiver slow on a loaded box) is tried again, not dropped.
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
        });

        // The caller is a traced client (or a gateway): it sends the submit inside a span of its own, and the process's HTTP
        // tracing writes the traceparent header from that span. Written by hand, the header did not survive full runs:
        // other tests host nodes in this process, whose OpenTelemetry HttpClient instrumentation is process-wide and
        // replaces a request's traceparent with the one of the client span it starts, a new root trace when no span is
        // current. The web node then joined that trace, and no process exported a span of the caller's.
        var traceId = ActivityTraceId.CreateRandom();
        using var caller = new Activity("caller").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        using var accepted = await cluster.Requester.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" });
        caller.Stop();
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // The web node says which trace the submit joined: the caller's.
        Assert.Equal(traceId.ToHexString(), Assert.Single(accepted.Headers.GetValues("traceresponse")).Split('-')[1]);
        await cluster.WaitForStatusAsync([id], "Ready");

        var traceBytes = Convert.FromHexString(traceId.ToHexString());
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(Roles.All(role => collector.HasSpanOf(role, traceBytes))),
                $"web, worker and notifier exported spans of the caller's trace {traceId}",
                TimeSpan.FromSeconds(60));
        }
        catch (Exception timeout)
        {
            throw new Xunit.Sdk.XunitException($"{timeout.Message} Exported: {collector.Describe(traceBytes)}.");
        }
    }
}
