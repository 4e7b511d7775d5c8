using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Webhooks;

/// <summary>Tellal's webhook receiver accepts only authentic, fresh, first-time webhooks; ReportHub signs per the specification.</summary>
public sealed class WebhookSecurityTests(ExternalReportsStack stack) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Forged_and_stale_webhooks_are_refused_with_401_and_change_nothing_while_a_genuine_one_completes_the_report()
    {
        // The provider finishes the job but sends no webhook: only our calls below (or the poll, 8 s later) can finish it.
        await stack.Hub.SetFaultsAsync(new { withholdWebhooks = true });
        var id = await stack.SubmitAsync();
        await stack.WaitUntilAsync(id, r => r.GetProperty("stage").ValueKind == JsonValueKind.String
            && r.GetProperty("stage").GetString() == "at the provider", "submitted to the provider", TimeSpan.FromSeconds(30));
        // A provider sends its webhook once the job is done: so do we, or the genuine call below would find it running.
        await Eventually.HoldsAsync(async () => await stack.Hub.JobStatusesAsync(id) is ["Succeeded"], "the provider finished the job", TimeSpan.FromSeconds(60));
        var running = await stack.ReportAsync(id);
        var body = JsonSerializer.Serialize(new { type = "job.succeeded", data = new { reference = id.ToString("N"), status = "Succeeded" } });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var forgedKey = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("msg_forged", now, body, Sign(forgedKey, "msg_forged", now, body)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("msg_stale", now - 301, body, Sign(stack.WebhookSecret, "msg_stale", now - 301, body)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("msg_tampered", now, body + " ", Sign(stack.WebhookSecret, "msg_tampered", now, body)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync("msg_unsigned", now, body, ""));

        Assert.Equal(running.GetRawText(), (await stack.ReportAsync(id)).GetRawText());

        var genuine = Sign(stack.WebhookSecret, "msg_genuine", now, body);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync("msg_genuine", now, body, genuine));
        var ready = await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60));
        await stack.AssertReadyOnceAsync(id);

        // The same webhook again (a replay, or the provider's redelivery): acknowledged, ignored.
        Assert.Equal(HttpStatusCode.OK, await PostAsync("msg_genuine", now, body, genuine));
        await ExternalReportsStack.NotificationsSettledAsync(stack.Tellal);
        Assert.Equal(ready.GetRawText(), (await stack.ReportAsync(id)).GetRawText());
        Assert.Equal(["report.ready"], await stack.NotificationsAboutAsync(id));
    }

    [Fact]
    public async Task The_reference_javascript_implementation_accepts_ReportHub_signatures_and_refuses_altered_ones()
    {
        var id = await stack.SubmitAsync(region: "LATAM");
        await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60));
        var delivered = stack.Relay.Captured.Where(w => w.Body.Contains(id.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(delivered);
        var altered = delivered.Select(w => w with { Body = w.Body.Replace("Succeeded", "Failed", StringComparison.Ordinal) });

        var verdicts = await StandardWebhooksReference.VerifyAsync(stack.WebhookSecret, [.. delivered, .. altered]);

        Assert.Equal([.. delivered.Select(_ => true), .. delivered.Select(_ => false)], verdicts);
    }

    private async Task<HttpStatusCode> PostAsync(string id, long timestamp, string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, stack.TellalWebhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signature);
        using var response = await stack.Https.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A Standard Webhooks signature made here, independently of both ReportHub and Tellal.</summary>
    private static string Sign(string secret, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]),
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"))));
}
