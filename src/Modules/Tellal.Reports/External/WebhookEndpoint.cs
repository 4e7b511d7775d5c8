using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Reports.External;

/// <summary>
/// Receives ReportHub's job.succeeded / job.failed webhooks. Anonymous (the provider has no Tellal account) but every
/// call must carry a valid Standard Webhooks signature with a fresh timestamp, else 401 with no state change. A
/// webhook-id seen before is acknowledged and ignored. The endpoint does no work itself: it records the receipt and
/// a <see cref="CheckExternalReport"/> in one transaction and answers at once; the messaging core does the rest.
/// </summary>
internal static class WebhookEndpoint
{
    public const string Route = "/api/reports/external/webhook";
    private const int MaxBodyBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Route, HandleAsync)
            .WithTags("Reports")
            .WithName("ReportHubWebhook")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .AllowAnonymous()
            .DisableAntiforgery();

    private static async Task<Results<NoContent, Ok, ProblemHttpResult>> HandleAsync(HttpRequest request, StandardWebhookVerifier verifier,
        TellalDbContext db, IMessagePublisher publisher, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var id = request.Headers["webhook-id"].ToString();
        if (!verifier.IsAuthentic(id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], body))
        {
            return TypedResults.Problem(title: "The webhook signature or timestamp is not valid.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (await db.Set<WebhookReceipt>().AnyAsync(r => r.WebhookId == id, cancellationToken))
        {
            return TypedResults.Ok();
        }

        db.Set<WebhookReceipt>().Add(new WebhookReceipt { WebhookId = id, ReceivedAt = time.GetUtcNow() });
        if (ReportIdOf(body) is { } reportId)
        {
            publisher.Publish(new CheckExternalReport(reportId, Scheduled: false), new PublishOptions { Subject = $"report/{reportId}" });
        }
        else
        {
            // Authentic but about nothing of ours: acknowledge it, or the provider would retry it for nothing.
            loggers.CreateLogger(typeof(WebhookEndpoint)).LogWarning("Webhook {WebhookId} names no Tellal report; ignored.", id);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same webhook delivered twice at once: the other request recorded it. Anything else is a real error.
            db.ChangeTracker.Clear();
            if (!await db.Set<WebhookReceipt>().AnyAsync(r => r.WebhookId == id, cancellationToken))
            {
                throw;
            }

            return TypedResults.Ok();
        }

        return TypedResults.NoContent();
    }

    private static Guid? ReportIdOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("reference", out var reference)
                && reference.ValueKind == JsonValueKind.String && Guid.TryParseExact(reference.GetString(), "N", out var reportId) ? reportId : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
