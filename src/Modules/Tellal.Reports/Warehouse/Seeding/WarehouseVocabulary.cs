namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>The words the generator builds names from. Changing any list changes the generated data.</summary>
internal static class WarehouseVocabulary
{
    public static readonly string[] TitleOpenings =
    [
        "Shadow", "Iron", "Crimson", "Silent", "Neon", "Ancient", "Eternal", "Savage", "Frozen", "Golden", "Lost",
        "Hidden", "Burning", "Galactic", "Mystic", "Rogue", "Steel", "Thunder", "Wild", "Dark", "Final", "Urban",
        "Pixel", "Royal", "Broken", "Infinite", "Sacred", "Turbo", "Cyber", "Lunar",
    ];

    public static readonly string[] TitleNouns =
    [
        "Legends", "Empire", "Fist", "Kingdom", "Tactics", "Racer", "Quest", "Arena", "Frontier", "Dynasty",
        "Warriors", "Odyssey", "Siege", "Protocol", "Chronicles", "Rally", "Tournament", "Outlaws", "Horizon",
        "Dungeon", "Command", "Fury", "League", "Colony", "Nightmare", "Island", "Circuit", "Crusade", "Strike",
    ];

    public static readonly string[] Publishers =
    [
        "Anadolu Interactive", "Bosphorus Games", "Northwind Studios", "Red Kite Entertainment", "Blue Lantern",
        "Pixel Foundry", "Kaiju Works", "Iron Oak", "Silver Arcade", "Meridian Play", "Tulip Soft", "Vortex Labs",
    ];

    /// <summary>Platforms by era: a game gets one that existed when it came out.</summary>
    public static readonly (int FromYear, int ToYear, string[] Platforms)[] PlatformEras =
    [
        (1985, 1994, ["NES", "SNES", "Sega Genesis", "Amiga", "PC"]),
        (1995, 2001, ["PlayStation", "Nintendo 64", "Sega Saturn", "PC"]),
        (2002, 2007, ["PlayStation 2", "Xbox", "GameCube", "PC"]),
        (2008, 2013, ["PlayStation 3", "Xbox 360", "Wii", "PC"]),
        (2014, 2020, ["PlayStation 4", "Xbox One", "Switch", "PC"]),
        (2021, 2100, ["PlayStation 5", "Xbox Series X", "Switch", "PC"]),
    ];

    /// <summary>Relative genre popularity, aligned with <see cref="Genres.All"/>.</summary>
    public static readonly double[] GenreWeights = [16, 10, 12, 9, 7, 10, 7, 5, 14, 5, 6, 4];

    /// <summary>Customer countries (ISO codes) and their share of customers.</summary>
    public static readonly (string Country, double Weight)[] Countries =
    [
        ("TR", 30), ("DE", 14), ("US", 12), ("GB", 8), ("NL", 5), ("FR", 6), ("ES", 4), ("IT", 4), ("BR", 4),
        ("PL", 3), ("SE", 2), ("JP", 3), ("AZ", 2), ("CA", 3),
    ];

    public static readonly string[] FirstNames =
    [
        "Ahmet", "Ayşe", "Mehmet", "Zeynep", "Emre", "Elif", "Can", "Selin", "Burak", "Deniz", "Hans", "Anna",
        "Lukas", "Lea", "John", "Emily", "Michael", "Sarah", "Oliver", "Sophie", "Pierre", "Camille", "Carlos",
        "Lucía", "Marco", "Giulia", "João", "Ana", "Piotr", "Zofia", "Erik", "Astrid", "Haruto", "Yui", "Nigar",
    ];

    public static readonly string[] LastNames =
    [
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Müller", "Schmidt", "Fischer",
        "Smith", "Johnson", "Brown", "Taylor", "Dubois", "Martin", "García", "Rossi", "Silva", "Nowak", "Andersson",
        "Tanaka", "Sato", "de Vries", "Aliyev", "Walker", "Moreau",
    ];

    public static readonly string[] CompanyOpenings =
    [
        "Oyun", "Pixel", "Konsol", "Arcade", "Joystick", "Level", "Respawn", "Cartridge", "Combo", "Boss",
    ];

    public static readonly string[] CompanySuffixes = ["Rent", "Market", "Club", "Store", "Hub", "Point", "Center"];

    /// <summary>Snack, food and drink brands with their typical price range in cents.</summary>
    public static readonly (string Brand, string Category, int MinCents, int MaxCents)[] SnackBrands =
    [
        ("Doritos", SnackCategories.Snack, 150, 450), ("Lay's", SnackCategories.Snack, 150, 400),
        ("Pringles", SnackCategories.Snack, 250, 500), ("Ülker", SnackCategories.Snack, 100, 350),
        ("Eti", SnackCategories.Snack, 100, 300), ("Haribo", SnackCategories.Snack, 150, 400),
        ("Cheetos", SnackCategories.Snack, 150, 400),
        ("Coca-Cola", SnackCategories.Drink, 120, 300), ("Pepsi", SnackCategories.Drink, 120, 280),
        ("Red Bull", SnackCategories.Drink, 200, 450), ("Monster", SnackCategories.Drink, 200, 450),
        ("Uludağ", SnackCategories.Drink, 100, 250),
        ("Domino's", SnackCategories.Food, 900, 2500), ("Pizza Hut", SnackCategories.Food, 900, 2600),
        ("Burger King", SnackCategories.Food, 700, 1800), ("Sbarro", SnackCategories.Food, 800, 2000),
        ("Little Caesars", SnackCategories.Food, 700, 1900),
    ];

    /// <summary>In-game price points in cents (cheap items are bought most).</summary>
    public static readonly (long Cents, double Weight)[] PurchasePrices =
    [
        (99, 35), (199, 25), (499, 18), (999, 12), (1999, 7), (4999, 3),
    ];

    /// <summary>Share of activity per hour of day (UTC): quiet nights, an evening peak.</summary>
    public static readonly double[] HourWeights =
    [
        3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 6, 6, 7, 8, 10, 12, 14, 15, 14, 10, 6,
    ];
}
