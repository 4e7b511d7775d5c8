using System.Security.Cryptography;
using System.Text.Json;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports.Tests.Infrastructure;

/// <summary>All warehouse rows in memory, with lookups the expected-figure computations need.</summary>
public sealed record WarehouseData(
    IReadOnlyList<Game> Games,
    IReadOnlyList<Customer> Customers,
    IReadOnlyList<PartnerCompany> Companies,
    IReadOnlyList<Rental> Rentals,
    IReadOnlyList<Review> Reviews,
    IReadOnlyList<PlaySession> Sessions,
    IReadOnlyList<InGamePurchase> Purchases,
    IReadOnlyList<SnackOrder> SnackOrders)
{
    public IReadOnlyDictionary<long, Game> GameById { get; } = Games.ToDictionary(g => g.Id);

    public IReadOnlyDictionary<long, Customer> CustomerById { get; } = Customers.ToDictionary(c => c.Id);

    public IReadOnlyDictionary<long, PartnerCompany> CompanyById { get; } = Companies.ToDictionary(c => c.Id);

    public static WarehouseData Generate(WarehouseGenerator generator) => new(
        [.. generator.Games], [.. generator.Customers], [.. generator.Companies], [.. generator.Rentals()],
        [.. generator.Reviews()], [.. generator.Sessions()], [.. generator.Purchases()], [.. generator.SnackOrders()]);

    /// <summary>SHA-256 over every row of every table, in order, as JSON: equal hashes mean equal data.</summary>
    public string Hash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        IEnumerable<object>[] tables = [Games, Customers, Companies, Rentals, Reviews, Sessions, Purchases, SnackOrders];
        foreach (var row in tables.SelectMany(t => t))
        {
            hash.AppendData(JsonSerializer.SerializeToUtf8Bytes(row, row.GetType()));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
