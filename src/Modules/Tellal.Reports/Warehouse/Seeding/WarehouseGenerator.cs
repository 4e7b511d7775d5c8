namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// Deterministic warehouse data: the same seed, scale and as-of date always give the same rows. Fact streams are
/// generated day by day (ids follow time, as in a real system) and lazily, so even the large scale streams into
/// the database without being held in memory. Purchases and snack orders re-walk the session stream (cheap and
/// identical every time), which lets each table be loaded on its own.
/// </summary>
public sealed class WarehouseGenerator
{
    public const long DefaultSeed = 20_240_601;

    private readonly long _seed;
    private readonly WarehouseDimensions _dimensions;
    private readonly ActivityCalendar _calendar;

    public WarehouseGenerator(WarehouseScale scale, DateOnly asOf, long seed = DefaultSeed)
    {
        _seed = seed;
        Profile = WarehouseProfile.For(scale);
        _dimensions = new WarehouseDimensions(seed, Profile, asOf);
        _calendar = new ActivityCalendar(asOf, Profile.HistoryDays);
    }

    public WarehouseProfile Profile { get; }

    public IReadOnlyList<Game> Games => _dimensions.Games;

    public IReadOnlyList<Customer> Customers => _dimensions.Customers;

    public IReadOnlyList<PartnerCompany> Companies => _dimensions.Companies;

    public IEnumerable<Rental> Rentals()
    {
        var random = SeededRandom.Stream(_seed, "rentals");
        long id = 0;
        foreach (var (day, count) in _calendar.Spread(Profile.Rentals))
        {
            var signedUp = _dimensions.SignedUpBy(day);
            for (var i = 0; i < count; i++)
            {
                var customer = _dimensions.CustomerActivity.PickBelow(random, signedUp);
                var game = _dimensions.PickGame(random, day.Year);
                var basePrice = _dimensions.GameTraits[game].BasePriceCents;
                // One rental in ten is a campaign at 30% off; partner margins vary.
                var price = random.Chance(0.1) ? basePrice * 7 / 10 : basePrice;
                yield return new Rental
                {
                    Id = ++id,
                    RentedAt = _calendar.MomentOn(day, random),
                    Day = day,
                    GameId = game + 1,
                    CustomerId = customer + 1,
                    CompanyId = _dimensions.CompanyShare.Pick(random) + 1,
                    PriceCents = price,
                    CostCents = (long)Math.Round(price * random.Between(0.45, 0.8)),
                };
            }
        }
    }

    public IEnumerable<Review> Reviews()
    {
        var random = SeededRandom.Stream(_seed, "reviews");
        long id = 0;
        foreach (var (day, count) in _calendar.Spread(Profile.Reviews))
        {
            var signedUp = _dimensions.SignedUpBy(day);
            for (var i = 0; i < count; i++)
            {
                var customer = _dimensions.CustomerActivity.PickBelow(random, signedUp);
                var game = _dimensions.PickGame(random, day.Year);
                var rating = Math.Clamp((int)Math.Round(random.Normal(_dimensions.GameTraits[game].Quality, 1.0)), 1, 5);
                yield return new Review
                {
                    Id = ++id,
                    GameId = game + 1,
                    CustomerId = customer + 1,
                    Rating = rating,
                    // "Would you recommend it?": always for 4-5 stars, sometimes for a 3.
                    IsPositive = rating >= 4 || (rating == 3 && random.Chance(0.4)),
                    ReviewedAt = _calendar.MomentOn(day, random),
                };
            }
        }
    }

    public IEnumerable<PlaySession> Sessions()
    {
        var random = SeededRandom.Stream(_seed, "sessions");
        long id = 0;
        foreach (var (day, count) in _calendar.Spread(Profile.Sessions))
        {
            var signedUp = _dimensions.SignedUpBy(day);
            for (var i = 0; i < count; i++)
            {
                var customer = _dimensions.CustomerActivity.PickBelow(random, signedUp);
                var game = _dimensions.PickGame(random, day.Year);
                var habits = _dimensions.CustomerTraits[customer];
                var duration = Math.Min(480, 10 + (int)random.Exponential(55));
                var afk = Math.Min(duration, (int)Math.Round(duration * habits.AfkShare * random.Between(0.5, 1.5)));
                var score = habits.Skill * _dimensions.GameTraits[game].Difficulty * random.Between(700, 1100);
                yield return new PlaySession
                {
                    Id = ++id,
                    CustomerId = customer + 1,
                    GameId = game + 1,
                    StartedAt = _calendar.MomentOn(day, random),
                    DurationMinutes = duration,
                    AfkMinutes = afk,
                    Score = Math.Clamp((int)score, 0, 1000),
                };
            }
        }
    }

    public IEnumerable<InGamePurchase> Purchases()
    {
        var random = SeededRandom.Stream(_seed, "purchases");
        var prices = new WeightedPicker(WarehouseVocabulary.PurchasePrices.Select(p => p.Weight).ToArray());
        long id = 0;
        foreach (var session in Sessions())
        {
            if (!random.Chance(_dimensions.CustomerTraits[session.CustomerId - 1].SpendChance))
            {
                continue;
            }

            for (var items = 1 + random.Next(3); items > 0; items--)
            {
                yield return new InGamePurchase
                {
                    Id = ++id,
                    CustomerId = session.CustomerId,
                    GameId = session.GameId,
                    PurchasedAt = MomentDuring(session, random),
                    AmountCents = WarehouseVocabulary.PurchasePrices[prices.Pick(random)].Cents,
                };
            }
        }
    }

    public IEnumerable<SnackOrder> SnackOrders()
    {
        var random = SeededRandom.Stream(_seed, "snacks");
        var brands = WarehouseVocabulary.SnackBrands;
        long id = 0;
        foreach (var session in Sessions())
        {
            var habits = _dimensions.CustomerTraits[session.CustomerId - 1];
            var day = DateOnly.FromDateTime(session.StartedAt.UtcDateTime);
            // The weekend peak: people snack twice as often, more so in long sessions.
            var chance = habits.SnackChance * (ActivityCalendar.IsWeekend(day) ? 2.0 : 1.0) * (session.DurationMinutes > 90 ? 1.3 : 1.0);
            if (!random.Chance(chance))
            {
                continue;
            }

            for (var items = random.Chance(0.3) ? 2 : 1; items > 0; items--)
            {
                var brand = brands[random.Chance(0.6) ? habits.FavouriteBrand : random.Next(brands.Length)];
                var orderedAt = MomentDuring(session, random);
                yield return new SnackOrder
                {
                    Id = ++id,
                    CustomerId = session.CustomerId,
                    SessionId = session.Id,
                    Brand = brand.Brand,
                    Category = brand.Category,
                    AmountCents = random.Next(brand.MinCents, brand.MaxCents),
                    OrderedAt = orderedAt,
                    Day = DateOnly.FromDateTime(orderedAt.UtcDateTime),
                };
            }
        }
    }

    /// <summary>A whole minute within the session and on its start day (nothing spills past the history).</summary>
    private static DateTimeOffset MomentDuring(PlaySession session, SeededRandom random)
    {
        var start = session.StartedAt;
        var minutesLeftInDay = (int)(start.Date.AddDays(1) - start.UtcDateTime).TotalMinutes;
        return start.AddMinutes(random.Next(Math.Min(session.DurationMinutes, minutesLeftInDay - 1) + 1));
    }
}
