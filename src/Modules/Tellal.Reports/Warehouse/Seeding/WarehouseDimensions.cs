using System.Text;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>Hidden traits that shape a game's facts but are not stored.</summary>
internal readonly record struct GameTraits(double Quality, double Difficulty, long BasePriceCents);

/// <summary>Hidden habits that shape a customer's facts but are not stored.</summary>
internal readonly record struct CustomerTraits(double Skill, double AfkShare, double SpendChance, double SnackChance, int FavouriteBrand);

/// <summary>
/// Games, customers and partner companies, built in memory (they are small) together with the hidden traits
/// and weighted pickers the fact streams draw from. Customer ids follow sign-up order, so the customers
/// signed up by a day are a prefix of the array.
/// </summary>
internal sealed class WarehouseDimensions
{
    private readonly DateOnly[] _signUps;

    public WarehouseDimensions(long seed, WarehouseProfile profile, DateOnly asOf)
    {
        (Games, GameTraits, GamePopularity) = BuildGames(SeededRandom.Stream(seed, "games"), profile.Games, asOf);
        (Customers, CustomerTraits, CustomerActivity) = BuildCustomers(SeededRandom.Stream(seed, "customers"), profile, asOf);
        (Companies, CompanyShare) = BuildCompanies(SeededRandom.Stream(seed, "companies"), profile.Companies);
        _signUps = Customers.Select(c => c.SignedUpOn).ToArray();
    }

    public Game[] Games { get; }
    public GameTraits[] GameTraits { get; }
    public WeightedPicker GamePopularity { get; }
    public Customer[] Customers { get; }
    public CustomerTraits[] CustomerTraits { get; }
    public WeightedPicker CustomerActivity { get; }
    public PartnerCompany[] Companies { get; }
    public WeightedPicker CompanyShare { get; }

    /// <summary>How many customers had signed up by the end of <paramref name="day"/> (at least one).</summary>
    public int SignedUpBy(DateOnly day)
    {
        var index = Array.BinarySearch(_signUps, day.AddDays(1));
        var count = index >= 0 ? FirstOf(index) : ~index;
        return Math.Max(1, count);
    }

    /// <summary>A popular game, preferring ones already released in <paramref name="year"/>.</summary>
    public int PickGame(SeededRandom random, int year)
    {
        var game = GamePopularity.Pick(random);
        for (var attempt = 0; attempt < 4 && Games[game].ReleaseYear > year; attempt++)
        {
            game = GamePopularity.Pick(random);
        }

        return game;
    }

    private int FirstOf(int index)
    {
        while (index > 0 && _signUps[index - 1] == _signUps[index])
        {
            index--;
        }

        return index;
    }

    private static (Game[], GameTraits[], WeightedPicker) BuildGames(SeededRandom random, int count, DateOnly asOf)
    {
        var genres = new WeightedPicker(WarehouseVocabulary.GenreWeights);
        var titles = new HashSet<string>(StringComparer.Ordinal);
        var games = new Game[count];
        var traits = new GameTraits[count];
        var popularity = new double[count];
        for (var i = 0; i < count; i++)
        {
            var year = PickReleaseYear(random, asOf.Year);
            var era = WarehouseVocabulary.PlatformEras.First(e => year >= e.FromYear && year <= e.ToYear);
            games[i] = new Game
            {
                Id = i + 1,
                Title = UniqueTitle(random, titles),
                Genre = Genres.All[genres.Pick(random)],
                Platform = random.Pick(era.Platforms),
                Publisher = random.Pick(WarehouseVocabulary.Publishers),
                ReleaseYear = year,
            };
            var age = asOf.Year - year;
            var basePrice = age <= 2 ? random.Next(999, 1499) : age <= 10 ? random.Next(499, 899) : random.Next(299, 599);
            traits[i] = new GameTraits(random.Between(2.0, 4.6), random.Between(0.6, 1.0), basePrice);
            // Zipf-like long tail; recent releases are rented more.
            popularity[i] = Math.Pow(1.0 / (1 + random.Next(count)), 0.9) * (age <= 3 ? 2.0 : 1.0);
        }

        return (games, traits, new WeightedPicker(popularity));
    }

    private static int PickReleaseYear(SeededRandom random, int currentYear)
    {
        var roll = random.NextDouble();
        if (roll < 0.05)
        {
            return random.Next(1985, 1989);
        }

        if (roll < 0.23)
        {
            return random.Next(1990, 1999);
        }

        // Newer years are more likely: the square root pushes the draw towards the present.
        return 2000 + (int)((currentYear - 2000 + 1) * Math.Sqrt(random.NextDouble()));
    }

    private static string UniqueTitle(SeededRandom random, HashSet<string> titles)
    {
        var title = $"{random.Pick(WarehouseVocabulary.TitleOpenings)} {random.Pick(WarehouseVocabulary.TitleNouns)}";
        var candidate = title;
        for (var sequel = 2; !titles.Add(candidate); sequel++)
        {
            candidate = $"{title} {sequel}";
        }

        return candidate;
    }

    private static (Customer[], CustomerTraits[], WeightedPicker) BuildCustomers(SeededRandom random, WarehouseProfile profile, DateOnly asOf)
    {
        var countries = new WeightedPicker(WarehouseVocabulary.Countries.Select(c => c.Weight).ToArray());
        // Sign-ups start two years before the history and accelerate (square root: denser towards the present).
        var span = profile.HistoryDays + 730;
        var signUps = Enumerable.Range(0, profile.Customers)
            .Select(_ => asOf.AddDays(-span + (int)(span * Math.Sqrt(random.NextDouble()))))
            .Order()
            .ToArray();
        var customers = new Customer[profile.Customers];
        var traits = new CustomerTraits[profile.Customers];
        var activity = new double[profile.Customers];
        for (var i = 0; i < customers.Length; i++)
        {
            var first = random.Pick(WarehouseVocabulary.FirstNames);
            var last = random.Pick(WarehouseVocabulary.LastNames);
            var age = Math.Min(75, 18 + (int)random.Exponential(14));
            customers[i] = new Customer
            {
                Id = i + 1,
                Name = $"{first} {last}",
                Email = $"{AsciiSlug(first)}.{AsciiSlug(last)}{i + 1}@example.com",
                Country = WarehouseVocabulary.Countries[countries.Pick(random)].Country,
                BirthYear = asOf.Year - age,
                SignedUpOn = signUps[i],
            };
            traits[i] = new CustomerTraits(
                Skill: random.Between(0.2, 1.0),
                AfkShare: random.Chance(0.15) ? random.Between(0.25, 0.6) : random.Between(0.0, 0.12),
                SpendChance: random.Chance(0.3) ? random.Between(0.1, 0.5) : random.Between(0.0, 0.08),
                SnackChance: random.Between(0.05, 0.45),
                FavouriteBrand: random.Next(WarehouseVocabulary.SnackBrands.Length));
            // Heavy-tailed: a few customers rent and play far more than the rest.
            activity[i] = Math.Min(50, Math.Pow(1.0 - random.NextDouble(), -0.6));
        }

        return (customers, traits, new WeightedPicker(activity));
    }

    private static (PartnerCompany[], WeightedPicker) BuildCompanies(SeededRandom random, int count)
    {
        var countries = new WeightedPicker(WarehouseVocabulary.Countries.Select(c => c.Weight).ToArray());
        var names = new HashSet<string>(StringComparer.Ordinal);
        var companies = new PartnerCompany[count];
        var share = new double[count];
        for (var i = 0; i < count; i++)
        {
            var name = $"{random.Pick(WarehouseVocabulary.CompanyOpenings)} {random.Pick(WarehouseVocabulary.CompanySuffixes)}";
            var unique = name;
            for (var branch = 2; !names.Add(unique); branch++)
            {
                unique = $"{name} {branch}";
            }

            companies[i] = new PartnerCompany
            {
                Id = i + 1,
                Name = unique,
                Country = WarehouseVocabulary.Countries[countries.Pick(random)].Country,
            };
            share[i] = random.Between(0.2, 1.0);
        }

        return (companies, new WeightedPicker(share));
    }

    /// <summary>Lower-case ASCII for email addresses ("Öztürk" becomes "ozturk", "de Vries" becomes "devries").</summary>
    private static string AsciiSlug(string name)
    {
        // A fixed table rather than Unicode normalization: the app runs with invariant globalization.
        const string accented = "çğıöşüéíãúáàèñ";
        const string plain = "cgiosueiauaaen";
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var index = accented.IndexOf(c, StringComparison.Ordinal);
            if (index >= 0)
            {
                slug.Append(plain[index]);
            }
            else if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }
}
