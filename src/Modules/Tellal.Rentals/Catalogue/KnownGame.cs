using Microsoft.EntityFrameworkCore;

namespace Tellal.Rentals.Catalogue;

/// <summary>Rentals' own copy of the catalogue's games (from <c>GamesCatalogued</c>): an order naming another game is refused at once.</summary>
public sealed class KnownGame
{
    public long GameId { get; set; }
    public string Title { get; set; } = "";

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<KnownGame>(game =>
        {
            game.ToTable("ren_games");
            game.HasKey(g => g.GameId);
            game.Property(g => g.GameId).ValueGeneratedNever();
            game.Property(g => g.Title).HasMaxLength(200);
        });
}
