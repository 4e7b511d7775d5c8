using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Contracts.Catalogue;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Catalogue;

/// <summary>A game new to the stock starts with the configured copies; a known one only takes the catalogue's title.</summary>
internal sealed class GamesCataloguedHandler(TellalDbContext db, IOptions<InventoryOptions> options) : IMessageHandler<GamesCatalogued>
{
    public async Task HandleAsync(GamesCatalogued message, MessageContext context, CancellationToken cancellationToken)
    {
        var ids = message.Games.Select(g => g.GameId).ToList();
        var known = await db.Set<GameStock>().Where(s => ids.Contains(s.GameId)).ToDictionaryAsync(s => s.GameId, cancellationToken);
        foreach (var game in message.Games.DistinctBy(g => g.GameId))
        {
            if (known.TryGetValue(game.GameId, out var stock))
            {
                stock.Title = game.Title;
            }
            else
            {
                db.Set<GameStock>().Add(new GameStock { GameId = game.GameId, Title = game.Title, Total = options.Value.CopiesPerGame });
            }
        }
    }
}
