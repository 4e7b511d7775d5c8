using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Tellal.Rentals.Rentals.Create;

internal static class CreateRentalEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxIdempotencyKeyLength = 100;

    public static void Map(RouteGroupBuilder rentals) =>
        rentals.MapPost("/", HandleAsync)
            .WithName("CreateRental")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));

    private static async Task<Results<Accepted<RentalResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateRentalRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        CreateRentalValidator validator,
        CreateRentalHandler handler,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"1 to {MaxIdempotencyKeyLength} characters."],
            });
        }

        var (order, errors) = await validator.ValidateAsync(request, cancellationToken);
        if (order is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The rental order is not valid.");
        }

        var rental = await handler.CreateAsync(user, order, idempotencyKey, cancellationToken);
        return rental is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "This Idempotency-Key was used with a different request.",
                detail: "A retry must send the same order; a new order needs a new key.")
            : TypedResults.Accepted($"/api/rentals/{rental.Id}", RentalResponse.From(rental));
    }
}
