using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports.Tests.Infrastructure;

/// <summary>
/// A database seeded once with the small scale as of <see cref="AsOf"/>, plus the same data straight from the
/// generator (<see cref="Data"/>) for the tests' own, independent computations.
/// </summary>
public abstract class WarehouseFixture : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2025, 6, 15);

    private ITestDatabase? _database;

    public WarehouseData Data { get; } = WarehouseData.Generate(new WarehouseGenerator(WarehouseScale.Small, AsOf));

    public WarehouseSeedResult Seeded { get; private set; } = null!;

    public ITestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialized.");

    public TellalDbContext CreateContext() => Database.CreateContext();

    public async ValueTask InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var db = _database.CreateContext();
        await db.Database.EnsureCreatedAsync();
        Seeded = await WarehouseSeeder.SeedAsync(db, WarehouseScale.Small, AsOf, null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();
}

public sealed class SqliteWarehouseFixture : WarehouseFixture
{
    protected override Task<ITestDatabase> CreateDatabaseAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresWarehouseFixture : WarehouseFixture
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(CancellationToken.None);
}
