using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Catalogue;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse;

/// <summary>
/// Tells the other modules which games and customers the company has (<see cref="GamesCatalogued"/>,
/// <see cref="CustomersCatalogued"/>), in parts of <see cref="PartSize"/>, each part committed with its message. Done at
/// every worker start: the receivers upsert, so a repeat costs little, and an announcement lost to a crash, an upgrade
/// or a reseed is made good by the next start.
/// </summary>
internal static class CatalogueAnnouncement
{
    public const int PartSize = 1000;

    public static async Task AnnounceAsync(TellalDbContext db, IMessagePublisher publisher, CancellationToken cancellationToken)
    {
        for (long after = 0; ;)
        {
            var games = await db.Set<Game>().AsNoTracking().Where(g => g.Id > after).OrderBy(g => g.Id).Take(PartSize)
                .Select(g => new CataloguedGame(g.Id, g.Title)).ToListAsync(cancellationToken);
            if (games.Count == 0)
            {
                break;
            }

            publisher.Publish(new GamesCatalogued(games));
            await db.SaveChangesAsync(cancellationToken);
            after = games[^1].GameId;
        }

        for (long after = 0; ;)
        {
            var customers = await db.Set<Customer>().AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(PartSize)
                .Select(c => c.Id).ToListAsync(cancellationToken);
            if (customers.Count == 0)
            {
                break;
            }

            publisher.Publish(new CustomersCatalogued(customers));
            await db.SaveChangesAsync(cancellationToken);
            after = customers[^1];
        }
    }
}
