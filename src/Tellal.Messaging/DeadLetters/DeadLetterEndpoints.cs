using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tellal.Platform.Security;

namespace Tellal.Messaging.DeadLetters;

/// <summary>Admin-only HTTP access to the dead-letter store: list, inspect, replay.</summary>
public static class DeadLetterEndpoints
{
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/admin/dead-letters")
            .WithTags("Dead letters")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));

        group.MapGet("/", async (DeadLetterStore store, CancellationToken ct, int? limit, bool? includeReplayed) =>
            TypedResults.Ok(await store.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), includeReplayed ?? false, ct)))
            .WithName("ListDeadLetters");

        group.MapGet("/{id:guid}", async Task<Results<Ok<DeadLetterDetails>, ProblemHttpResult>> (Guid id, DeadLetterStore store, CancellationToken ct) =>
            await store.FindAsync(id, ct) is { } details
                ? TypedResults.Ok(details)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found"))
            .WithName("GetDeadLetter");

        group.MapPost("/{id:guid}/replay", async Task<Results<Accepted, ProblemHttpResult>> (Guid id, DeadLetterStore store, CancellationToken ct) =>
            await store.ReplayAsync(id, ct) switch
            {
                ReplayOutcome.Replayed => TypedResults.Accepted($"/api/admin/dead-letters/{id}"),
                ReplayOutcome.AlreadyReplayed => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "Already replayed", detail: "This dead letter was replayed before; a new failure creates a new dead letter."),
                _ => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found"),
            })
            .WithName("ReplayDeadLetter");

        return endpoints;
    }
}
