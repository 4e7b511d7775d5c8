using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>What to seed. <see cref="Force"/> empties the warehouse first instead of leaving existing data alone.</summary>
public sealed record WarehouseSeedRequest(WarehouseScale Scale, DateOnly AsOf, long Seed = WarehouseGenerator.DefaultSeed, bool Force = false);

/// <summary>Rows written so far into one table.</summary>
public sealed record WarehouseSeedProgress(string Table, long Rows);

/// <summary>Row counts per table; <see cref="Seeded"/> is false when data was already there and left alone.</summary>
public sealed record WarehouseSeedResult(bool Seeded, IReadOnlyDictionary<string, long> RowCounts, TimeSpan Elapsed)
{
    public long TotalRows => RowCounts.Values.Sum();
}

/// <summary>Fills the warehouse tables with generated data (see <see cref="WarehouseGenerator"/>), in bulk.</summary>
public static class WarehouseSeeder
{
    public static Task<WarehouseSeedResult> SeedAsync(TellalDbContext db, WarehouseScale scale, DateOnly asOf,
        IProgress<WarehouseSeedProgress>? progress, CancellationToken cancellationToken) =>
        SeedAsync(db, new WarehouseSeedRequest(scale, asOf), progress, cancellationToken);

    /// <summary>Any fixed number, the same on every node: the key of the seeding lock.</summary>
    private const long SeedLockKey = 0x7465_6c6c_616c_5345;

    public static async Task<WarehouseSeedResult> SeedAsync(TellalDbContext db, WarehouseSeedRequest request,
        IProgress<WarehouseSeedProgress>? progress, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            // SQLite is the embedded default: one machine, one worker seeding it.
            return await SeedUnlockedAsync(db, request, progress, cancellationToken);
        }

        // Workers on several machines start together on an empty warehouse: the first seeds, the others wait
        // here and then find it full. A session lock, released with the connection if this process dies.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({SeedLockKey})", cancellationToken);
            return await SeedUnlockedAsync(db, request, progress, cancellationToken);
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({SeedLockKey})", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<WarehouseSeedResult> SeedUnlockedAsync(TellalDbContext db, WarehouseSeedRequest request,
        IProgress<WarehouseSeedProgress>? progress, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        if (await db.Set<Game>().AnyAsync(cancellationToken))
        {
            if (!request.Force)
            {
                return new WarehouseSeedResult(false, await CountAsync(db, cancellationToken), stopwatch.Elapsed);
            }

            await EmptyAsync(db, cancellationToken);
        }

        var generator = new WarehouseGenerator(request.Scale, request.AsOf, request.Seed);
        var counts = new Dictionary<string, long>();
        await using (var writer = await StartWriterAsync(db, cancellationToken))
        {
            async Task Load<T>(string table, IEnumerable<T> rows)
                where T : class =>
                counts[table] = await writer.WriteAsync(rows, n => progress?.Report(new WarehouseSeedProgress(table, n)), cancellationToken);

            await Load(WarehouseModel.GamesTable, generator.Games);
            await Load(WarehouseModel.CustomersTable, generator.Customers);
            await Load(WarehouseModel.CompaniesTable, generator.Companies);
            await Load(WarehouseModel.RentalsTable, generator.Rentals());
            await Load(WarehouseModel.ReviewsTable, generator.Reviews());
            await Load(WarehouseModel.SessionsTable, generator.Sessions());
            await Load(WarehouseModel.PurchasesTable, generator.Purchases());
            await Load(WarehouseModel.SnackOrdersTable, generator.SnackOrders());
            await writer.CompleteAsync(cancellationToken);
        }

        return new WarehouseSeedResult(true, counts, stopwatch.Elapsed);
    }

    private static async Task<IWarehouseBulkWriter> StartWriterAsync(TellalDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await PostgresBulkWriter.StartAsync(db, cancellationToken)
            : await SqliteBulkWriter.StartAsync(db, cancellationToken);

    // Table names below are our own constants, never input.
#pragma warning disable EF1002
    private static async Task<Dictionary<string, long>> CountAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in WarehouseModel.Tables)
        {
            counts[table] = await db.Database.SqlQueryRaw<long>($"SELECT COUNT(*) AS \"Value\" FROM {table}").SingleAsync(cancellationToken);
        }

        return counts;
    }

    private static async Task EmptyAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        // The counter's rows name warehouse rentals that a reseed replaces.
        foreach (var table in WarehouseModel.Tables.Append(WarehouseModel.CounterRentalsTable))
        {
            await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? $"TRUNCATE {table}" : $"DELETE FROM {table}", cancellationToken);
        }
    }
#pragma warning restore EF1002
}
