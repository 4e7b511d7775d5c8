using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Tellal.Messaging.DeadLetters;

/// <summary>Administrative HTTP access to the dead-letter store: list, inspect, replay.</summary>
public static class DeadLetterEndpoints
{
    /// <summary>
    /// Maps the endpoints behind <paramref name="authorize"/>. Who administers messaging is the host's decision (its
    /// roles and policies), not the core's; the parameter is required so the endpoints cannot be mapped open.
    /// </summary>
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder endpoints, Action<AuthorizationPolicyBuilder> authorize)
    {
        var group = endpoints.MapGroup("/api/admin/dead-letters")
            .WithTags("Dead letters")
            .RequireAuthorization(authorize);

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
