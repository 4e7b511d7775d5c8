using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.Warehouse.Counter;

/// <summary>
/// Which warehouse rental rows a counter order became (one per copy), and when it came back. The warehouse's rental
/// rows stay as the generator made them, so every report counts counter rentals without knowing where they came from.
/// </summary>
public sealed class CounterRental
{
    /// <summary>The <see cref="Rental.Id"/> of the warehouse row.</summary>
    public long RentalId { get; set; }

    /// <summary>The rental order in the Rentals module.</summary>
    public Guid OrderId { get; set; }

    public DateTimeOffset? ReturnedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<CounterRental>(rental =>
        {
            rental.ToTable(WarehouseModel.CounterRentalsTable);
            rental.HasKey(r => r.RentalId);
            rental.Property(r => r.RentalId).HasColumnName("rental_id").ValueGeneratedNever();
            rental.Property(r => r.OrderId).HasColumnName("order_id");
            rental.Property(r => r.ReturnedAt).HasColumnName("returned_at");
            rental.HasIndex(r => r.OrderId).HasDatabaseName("ix_wh_counter_rentals_order_id");
        });
}
