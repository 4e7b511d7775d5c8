using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Rentals.Rentals.Return;

/// <summary>
/// The customer brings the copies back. Idempotent: the first return marks the rental Returned and, in the same
/// transaction, tells stock and the warehouse; any later one (or the loser of two at once, by the rental's version)
/// answers with the returned rental and publishes nothing.
/// </summary>
internal static class ReturnRentalEndpoint
{
    public static void Map(RouteGroupBuilder rentals) => rentals.MapPost("/{id:guid}/return", HandleAsync).WithName("ReturnRental");

    private static async Task<Results<Ok<RentalResponse>, ProblemHttpResult>> HandleAsync(
        Guid id, TellalDbContext db, IMessagePublisher publisher, TimeProvider time, CancellationToken ct)
    {
        var rental = await db.Set<Rental>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rental is null)
        {
            return RentalProblems.NotFound();
        }

        if (rental.Status == RentalStatus.Returned)
        {
            return TypedResults.Ok(RentalResponse.From(rental));
        }

        if (rental.Status != RentalStatus.Confirmed)
        {
            return RentalProblems.Conflict(rental.Status, "return");
        }

        rental.Status = RentalStatus.Returned;
        rental.ReturnedAt = time.GetUtcNow();
        rental.Version++;
        var items = rental.Items;
        publisher.Publish(new RentalReturned(rental.Id, rental.CustomerId, items, rental.ReturnedAt.Value),
            new PublishOptions { Subject = RentalSubject.Of(items) });
        try
        {
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(RentalResponse.From(rental));
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Set<Rental>().AsNoTracking().FirstAsync(r => r.Id == id, ct);
            return current.Status == RentalStatus.Returned ? TypedResults.Ok(RentalResponse.From(current)) : RentalProblems.Conflict(current.Status, "return");
        }
    }
}
