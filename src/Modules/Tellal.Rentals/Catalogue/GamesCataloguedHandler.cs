using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Catalogue;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Rentals.Catalogue;

/// <summary>Upserts the announced games: announcements repeat at every worker start and must change nothing the second time.</summary>
internal sealed class GamesCataloguedHandler(TellalDbContext db) : IMessageHandler<GamesCatalogued>
{
    public async Task HandleAsync(GamesCatalogued message, MessageContext context, CancellationToken cancellationToken)
    {
        var ids = message.Games.Select(g => g.GameId).ToList();
        var known = await db.Set<KnownGame>().Where(g => ids.Contains(g.GameId)).ToDictionaryAsync(g => g.GameId, cancellationToken);
        foreach (var game in message.Games.DistinctBy(g => g.GameId))
        {
            if (known.TryGetValue(game.GameId, out var existing))
            {
                existing.Title = game.Title;
            }
            else
            {
                db.Set<KnownGame>().Add(new KnownGame { GameId = game.GameId, Title = game.Title });
            }
        }
    }
}
