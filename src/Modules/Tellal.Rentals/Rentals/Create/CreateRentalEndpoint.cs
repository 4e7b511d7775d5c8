using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tellal.Platform.Http;

namespace Tellal.Rentals.Rentals.Create;

internal static class CreateRentalEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder rentals) =>
        rentals.MapPost("/", HandleAsync)
            .WithName("CreateRental")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));

    private static async Task<Results<Accepted<RentalResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateRentalRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        CreateRentalValidator validator,
        CreateRentalHandler handler,
        CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Check(idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var (order, errors) = await validator.ValidateAsync(request, cancellationToken);
        if (order is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The rental order is not valid.");
        }

        var rental = await handler.CreateAsync(user, order, idempotencyKey, cancellationToken);
        return rental is null
            ? IdempotencyKey.Reused("order")
            : TypedResults.Accepted($"/api/rentals/{rental.Id}", RentalResponse.From(rental));
    }
}
