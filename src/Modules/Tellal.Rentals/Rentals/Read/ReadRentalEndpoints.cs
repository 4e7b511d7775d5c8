using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Storage;

namespace Tellal.Rentals.Rentals.Read;

/// <summary>The counter's rentals: every clerk sees every order, as colleagues at one counter take each other's returns.</summary>
internal static class ReadRentalEndpoints
{
    public static void Map(RouteGroupBuilder rentals)
    {
        rentals.MapGet("/", ListAsync).WithName("ListRentals");
        rentals.MapGet("/{id:guid}", GetAsync).WithName("GetRental");
    }

    /// <summary>Newest first, optionally of one status and one customer.</summary>
    private static async Task<Results<Ok<RentalPage>, ValidationProblem>> ListAsync(
        TellalDbContext db, IOptions<RentalsOptions> options, string? status, long? customerId, int? page, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        RentalStatus wanted = default;
        // An empty status is no filter, as a form sends it.
        var filtered = !string.IsNullOrEmpty(status);
        if (filtered && (!Enum.TryParse(status, ignoreCase: true, out wanted) || int.TryParse(status, out _)))
        {
            errors["status"] = [$"One of: {string.Join(", ", Enum.GetNames<RentalStatus>())}."];
        }

        if (page is < 1)
        {
            errors["page"] = ["1 or more."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var rentals = db.Set<Rental>().AsNoTracking();
        if (filtered)
        {
            rentals = rentals.Where(r => r.Status == wanted);
        }

        if (customerId is not null)
        {
            rentals = rentals.Where(r => r.CustomerId == customerId);
        }

        var size = options.Value.PageSize;
        var number = page ?? 1;
        var total = await rentals.CountAsync(ct);
        var items = await rentals.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new RentalPage(items.Select(RentalResponse.From).ToList(), number, size, total));
    }

    private static async Task<Results<Ok<RentalResponse>, ProblemHttpResult>> GetAsync(Guid id, TellalDbContext db, CancellationToken ct) =>
        await db.Set<Rental>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } rental
            ? TypedResults.Ok(RentalResponse.From(rental))
            : RentalProblems.NotFound();
}
