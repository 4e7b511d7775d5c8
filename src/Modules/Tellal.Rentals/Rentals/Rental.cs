using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;

namespace Tellal.Rentals.Rentals;

public enum RentalStatus
{
    Pending,
    Confirmed,
    Rejected,
    Returned,
}

/// <summary>One order at the counter: games for a customer, from the clerk's request to the copies' return.</summary>
public sealed class Rental
{
    public Guid Id { get; set; }
    public long CustomerId { get; set; }

    /// <summary>
    /// The order's items as JSON: written once with the order and only ever read whole, so one row per order is enough
    /// and the idempotency check compares them in one string.
    /// </summary>
    public string ItemsJson { get; set; } = "[]";

    public string? Note { get; set; }
    public RentalStatus Status { get; set; }
    public string? Reason { get; set; }
    public Guid ClerkId { get; set; }
    public string ClerkName { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }

    /// <summary>Optimistic concurrency: two returns of the same rental at once release its copies once.</summary>
    public int Version { get; set; }

    public IReadOnlyList<RentalItem> Items => JsonSerializer.Deserialize<List<RentalItem>>(ItemsJson, JsonOptions) ?? [];

    public static string ItemsToJson(IEnumerable<RentalItem> items) => JsonSerializer.Serialize(items.OrderBy(i => i.GameId), JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Rental>(rental =>
        {
            rental.ToTable("ren_rentals");
            rental.HasKey(r => r.Id);
            rental.Property(r => r.ItemsJson).HasMaxLength(4000);
            rental.Property(r => r.Note).HasMaxLength(4000);
            rental.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            rental.Property(r => r.Reason).HasMaxLength(500);
            rental.Property(r => r.ClerkName).HasMaxLength(100);
            rental.Property(r => r.IdempotencyKey).HasMaxLength(Tellal.Platform.Http.IdempotencyKey.MaxLength);
            rental.Property(r => r.Version).IsConcurrencyToken();
            rental.Ignore(r => r.Items);
            rental.HasIndex(r => new { r.Status, r.CreatedAt });
            rental.HasIndex(r => new { r.CustomerId, r.CreatedAt });
            // Same key, same clerk: the same order (a retried POST must not rent twice).
            rental.HasIndex(r => new { r.ClerkId, r.IdempotencyKey }).IsUnique();
        });
}
