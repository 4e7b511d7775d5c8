namespace Tellal.Reports.Warehouse;

/// <summary>A game in the rental catalog. <see cref="Genre"/> is one of <see cref="Genres"/>.</summary>
public sealed class Game
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Genre { get; set; }
    public required string Platform { get; set; }
    public required string Publisher { get; set; }
    public int ReleaseYear { get; set; }
}

/// <summary>The genre names stored in <see cref="Game.Genre"/>; reports filter on them.</summary>
public static class Genres
{
    public const string Fighting = "Fighting";
    public const string Strategy = "Strategy";

    public static IReadOnlyList<string> All { get; } =
    [
        "Action", "Adventure", "Role-Playing", Strategy, Fighting, "Sports", "Racing", "Puzzle", "Shooter",
        "Simulation", "Platformer", "Horror",
    ];
}
