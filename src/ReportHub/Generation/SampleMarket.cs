namespace ReportHub;

/// <summary>
/// The provider's own small, made-up market panel (industry-wide figures, not any customer's data). Figures come from
/// a random generator seeded by the question, so the same job always produces the same bytes.
/// </summary>
internal static class SampleMarket
{
    public static readonly string[] Regions = ["EU", "NA", "APAC", "LATAM"];

    public static readonly DateOnly FirstDay = new(2015, 1, 1);

    public static readonly (string Title, string Genre)[] Games =
    [
        ("Starfall Tactics", "Strategy"), ("Neon Drift", "Racing"), ("Hollow Keep", "RPG"), ("Pixel Harvest", "Simulation"),
        ("Quantum Brawl", "Fighting"), ("Tidebreaker", "Adventure"), ("Iron Meadow", "Strategy"), ("Echo Runner", "Platformer"),
        ("Sky Forge", "Sandbox"), ("Crimson Pact", "RPG"), ("Dune Rally", "Racing"), ("Lantern Woods", "Puzzle"),
        ("Orbit Loop", "Puzzle"), ("Frost Legion", "Shooter"), ("Garden Gnomes", "Party"), ("Velvet Heist", "Stealth"),
    ];

    public static readonly string[] Platforms = ["PC", "Console", "Handheld"];

    public static Random RandomFor(params object[] question) =>
        new(string.Join('|', question).Aggregate(17, (hash, c) => unchecked((hash * 31) + c)));
}
