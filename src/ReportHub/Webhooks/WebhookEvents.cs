using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>The job.succeeded / job.failed event of a finished job, or none when webhooks are withheld (fault) or not subscribed.</summary>
public sealed class WebhookEvents(IOptions<ReportHubOptions> options, FaultState faults, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PendingWebhook? For(Job job, JobStatus status, string? error, string? sha256)
    {
        if (options.Value.Subscriber.WebhookUrl is null || faults.Settings.WithholdWebhooks)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var payload = JsonSerializer.Serialize(new
        {
            type = status == JobStatus.Succeeded ? "job.succeeded" : "job.failed",
            timestamp = now,
            data = new { id = job.Id, kind = job.Kind, status = status.ToString(), reference = job.Reference, error, sha256 },
        }, Json);
        return new PendingWebhook($"msg_{Guid.CreateVersion7():N}", job.Id, payload, 0, now + options.Value.Webhooks.GiveUpAfter);
    }
}
