using Microsoft.EntityFrameworkCore;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// Copies of one game held for a confirmed rental. The row is the proof that they were taken: a return releases only
/// what it can delete, so a second release of the same rental finds nothing and adds nothing.
/// </summary>
public sealed class Reservation
{
    public Guid RentalId { get; set; }
    public long GameId { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset ReservedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Reservation>(reservation =>
        {
            reservation.ToTable("inv_reservations");
            reservation.HasKey(r => new { r.RentalId, r.GameId });
        });
}
