using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Rentals.Rentals.Create;

/// <summary>
/// Records the order as Pending and, in the same transaction, asks stock for its copies: the clerk gets an answer at
/// once, and nothing is half-done if the commit fails.
/// </summary>
internal sealed class CreateRentalHandler(TellalDbContext db, IMessagePublisher publisher, TimeProvider time)
{
    /// <summary>The order, or null when the key was already used for a different order.</summary>
    public async Task<Rental?> CreateAsync(ClaimsPrincipal clerk, ValidRental order, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var clerkId = clerk.GetUserId();
        var itemsJson = Rental.ItemsToJson(order.Items);
        if (idempotencyKey is not null && await FindByKeyAsync(clerkId, idempotencyKey, cancellationToken) is { } existing)
        {
            return Retried(existing, order, itemsJson);
        }

        var rental = new Rental
        {
            Id = Guid.CreateVersion7(),
            CustomerId = order.CustomerId,
            ItemsJson = itemsJson,
            Note = order.Note,
            Status = RentalStatus.Pending,
            ClerkId = clerkId,
            ClerkName = clerk.GetUserName(),
            IdempotencyKey = idempotencyKey,
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<Rental>().Add(rental);
        publisher.Publish(new RentalRequested(rental.Id, rental.CustomerId, order.Items),
            new PublishOptions { Subject = RentalSubject.Of(order.Items) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return rental;
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent request with the same key won the race: answer with its order.
            db.ChangeTracker.Clear();
            var winner = await FindByKeyAsync(clerkId, idempotencyKey, cancellationToken) ?? throw new InvalidOperationException("Idempotent rental lost its order.");
            return Retried(winner, order, itemsJson);
        }
    }

    /// <summary>The same key is the same order only with the same content (compared after validation); anything else is a client bug.</summary>
    private static Rental? Retried(Rental existing, ValidRental order, string itemsJson) =>
        existing.CustomerId == order.CustomerId && existing.ItemsJson == itemsJson && existing.Note == order.Note ? existing : null;

    private Task<Rental?> FindByKeyAsync(Guid clerkId, string key, CancellationToken cancellationToken) =>
        db.Set<Rental>().AsNoTracking().FirstOrDefaultAsync(r => r.ClerkId == clerkId && r.IdempotencyKey == key, cancellationToken);
}
