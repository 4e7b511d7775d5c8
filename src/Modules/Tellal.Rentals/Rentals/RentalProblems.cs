using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tellal.Rentals.Rentals;

internal static class RentalProblems
{
    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Rental not found");

    public static ProblemHttpResult Conflict(RentalStatus status, string action) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Cannot {action} this rental", detail: $"The rental is {status}.");
}
