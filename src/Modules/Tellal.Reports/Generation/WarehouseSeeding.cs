using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports.Generation;

/// <summary>
/// On a worker's first start, fills an empty warehouse before the node opens: the embedded default needs data to
/// report on, and on SQLite the seeding transaction would otherwise hold up every other writer. Then, at every start,
/// announces the catalogue to the modules that keep a copy of it (<see cref="CatalogueAnnouncement"/>).
/// </summary>
internal sealed class WarehouseSeeding(
    IServiceScopeFactory scopes,
    IOptions<ReportsOptions> options,
    TimeProvider time,
    ILogger<WarehouseSeeding> logger) : IStartupTask
{
    public string Description => "loading the company's data";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        if (options.Value.SeedOnFirstRun)
        {
            await SeedAsync(db, cancellationToken);
        }

        await CatalogueAnnouncement.AnnounceAsync(db, scope.ServiceProvider.GetRequiredService<IMessagePublisher>(), cancellationToken);
    }

    private async Task SeedAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var result = await WarehouseSeeder.SeedAsync(db, options.Value.SeedScale, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), null, cancellationToken);
        if (result.Seeded)
        {
            logger.LogInformation("Seeded the warehouse ({Scale}): {Rows} rows in {Elapsed}", options.Value.SeedScale, result.TotalRows, result.Elapsed);
        }
    }
}
