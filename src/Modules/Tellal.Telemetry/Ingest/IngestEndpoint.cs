using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Dashboard;
using Tellal.Telemetry.Keys;

namespace Tellal.Telemetry.Ingest;

/// <summary>
/// <c>POST /api/telemetry/events</c>: the players' apps report what players do. The answer is 202 once the request is
/// one committed outbox message; staging and moving the events happen later on ingest nodes.
/// </summary>
internal static class IngestEndpoint
{
    /// <summary>The app's own name, optional: when sent, it must be the app the key was made for.</summary>
    public const string AppIdHeader = "X-App-Id";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/telemetry/events", HandleAsync)
            .WithTags("Telemetry")
            .WithName("IngestTelemetryEvents")
            // App keys only: staff tokens and cookies do not open ingest, and an app key opens nothing else.
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(AppKeyAuthentication.SchemeName).RequireAuthenticatedUser())
            .DisableAntiforgery();

    private static async Task<Results<Accepted<IngestResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpContext context, ClaimsPrincipal app, TellalDbContext db, IMessagePublisher publisher, IngestBacklog backlog,
        IOptions<TelemetryOptions> options, TimeProvider time, IngestRate rate, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var keyApp = app.FindFirstValue(AppKeyAuthentication.AppClaim)!;
        // An app may say who it is; a key sent by another app (copied, leaked, misconfigured) is refused, not stamped
        // with the key's app, which would count one app's players as another's.
        if (context.Request.Headers[AppIdHeader] is [{ } named] && !string.Equals(named, keyApp, StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This key belongs to another app.",
                detail: $"The key was made for app '{keyApp}', and the request's {AppIdHeader} is '{named}'. Each app sends its own key.");
        }

        // Before the body is read: a refused request should cost the node as little as possible.
        if (await backlog.IsOverAsync(cancellationToken))
        {
            context.Response.Headers.RetryAfter = ((int)settings.BacklogRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Ingest is behind; send again later.",
                detail: "The events already accepted wait to be stored. Resend this request unchanged after Retry-After: events are deduplicated by eventId.");
        }

        var request = context.Request;
        var body = await RequestBody.ReadAsync(request, settings.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge($"A request carries at most {settings.MaxRequestBytes} bytes.");
        }

        var ndjson = request.ContentType?.StartsWith(EventBatchParser.NdjsonMediaType, StringComparison.OrdinalIgnoreCase) == true;
        switch (EventBatchParser.Parse(body.Value, ndjson, settings.MaxEventsPerRequest))
        {
            case EventBatchParser.Malformed malformed:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid JSON.", detail: malformed.Detail);
            case EventBatchParser.TooMany tooMany:
                return TooLarge($"A request carries at most {settings.MaxEventsPerRequest} events; this one has {tooMany.Count}.");
            case EventBatchParser.Parsed { Events.Count: 0 }:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request carries no events.");
            case EventBatchParser.Parsed parsed:
                var (events, errors) = EventValidator.Validate(parsed.Events, time.GetUtcNow(), settings.FutureSkew);
                if (errors.Count > 0)
                {
                    return TypedResults.ValidationProblem(errors, title: $"{errors.Count} event(s) are not valid; none of this request's events were taken.");
                }

                publisher.Publish(new TelemetryEventsReceived(keyApp, events));
                await db.SaveChangesAsync(cancellationToken);
                rate.Accepted(events.Count);
                return TypedResults.Accepted((string?)null, new IngestResponse(events.Count));
            default:
                throw new InvalidOperationException("Unexpected parse outcome.");
        }
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The request is too large.", detail: detail);
}

/// <summary>How many events the request queued.</summary>
public sealed record IngestResponse(int Accepted);
