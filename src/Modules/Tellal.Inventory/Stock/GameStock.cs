using Microsoft.EntityFrameworkCore;

namespace Tellal.Inventory.Stock;

/// <summary>
/// The copies of one game. Available is not stored: it is <c>Total - Reserved</c>, so the two can never disagree,
/// and a check constraint keeps Reserved between 0 and Total whatever a statement tries.
/// </summary>
public sealed class GameStock
{
    public long GameId { get; set; }
    public string Title { get; set; } = "";
    public int Total { get; set; }
    public int Reserved { get; set; }

    /// <summary>Grows by one with every change of <see cref="Reserved"/>: which of two readings is the newer.</summary>
    public long Version { get; set; }

    public int Available => Total - Reserved;

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<GameStock>(stock =>
        {
            // Explicit snake_case columns: the check constraint is SQL and reads the same on SQLite and PostgreSQL.
            stock.ToTable("inv_stock", table => table.HasCheckConstraint("ck_inv_stock_reserved", "reserved >= 0 AND reserved <= total"));
            stock.HasKey(s => s.GameId);
            stock.Property(s => s.GameId).HasColumnName("game_id").ValueGeneratedNever();
            stock.Property(s => s.Title).HasColumnName("title").HasMaxLength(200);
            stock.Property(s => s.Total).HasColumnName("total");
            stock.Property(s => s.Reserved).HasColumnName("reserved");
            stock.Property(s => s.Version).HasColumnName("version");
            stock.Ignore(s => s.Available);
            stock.HasIndex(s => s.Title).HasDatabaseName("ix_inv_stock_title");
        });
}
