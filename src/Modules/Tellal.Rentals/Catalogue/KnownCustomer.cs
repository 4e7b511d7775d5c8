using Microsoft.EntityFrameworkCore;

namespace Tellal.Rentals.Catalogue;

/// <summary>Rentals' own copy of the customer ids (from <c>CustomersCatalogued</c>).</summary>
public sealed class KnownCustomer
{
    public long CustomerId { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<KnownCustomer>(customer =>
        {
            customer.ToTable("ren_customers");
            customer.HasKey(c => c.CustomerId);
            customer.Property(c => c.CustomerId).ValueGeneratedNever();
        });
}
