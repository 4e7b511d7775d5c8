using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>
/// Delivers webhooks per the Standard Webhooks specification: headers webhook-id, webhook-timestamp and
/// webhook-signature = "v1," + base64(HMAC-SHA256(key, "id.timestamp.body")), the key being the base64 after whsec_.
/// Anything but 2xx (or no answer) is retried with exponential backoff and jitter until the event's give-up time.
/// The same webhook-id is kept across attempts, so the receiver can recognise a redelivery.
/// </summary>
public sealed class WebhookSender(JobStore store, IHttpClientFactory clients, IOptions<ReportHubOptions> options, HubStatistics statistics,
    TimeProvider time, ILogger<WebhookSender> logger) : BackgroundService
{
    public const string ClientName = "webhooks";

    public static string Sign(byte[] key, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"))));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.DueWebhooksAsync(20, stoppingToken);
                await Task.WhenAll(due.Select(webhook => DeliverAsync(webhook, stoppingToken)));
                if (due.Count == 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Webhook delivery round failed; retrying.");
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(PendingWebhook webhook, CancellationToken cancellationToken)
    {
        var subscriber = options.Value.Subscriber;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, subscriber.WebhookUrl)
        {
            Content = new StringContent(webhook.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", webhook.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(subscriber.WebhookKey(), webhook.Id, timestamp, webhook.Payload));

        var delivered = false;
        statistics.CountWebhookAttempt();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(options.Value.Webhooks.AttemptTimeout);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, attempt.Token);
            delivered = response.IsSuccessStatusCode;
            logger.LogInformation("Webhook {WebhookId} for {JobId}: {Status}.", webhook.Id, webhook.JobId, (int)response.StatusCode);
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("Webhook {WebhookId} for {JobId} not delivered: {Reason}", webhook.Id, webhook.JobId, exception.Message);
        }

        await store.MarkWebhookAsync(webhook.Id, delivered, time.GetUtcNow() + Backoff(webhook.Attempts), cancellationToken);
    }

    private TimeSpan Backoff(int attemptsSoFar)
    {
        var settings = options.Value.Webhooks;
        var delay = Math.Min(settings.InitialDelay.TotalMilliseconds * Math.Pow(2, attemptsSoFar), settings.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(delay * (0.8 + (Random.Shared.NextDouble() * 0.4)));
    }
}
