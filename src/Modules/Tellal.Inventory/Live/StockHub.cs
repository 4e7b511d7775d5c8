using Microsoft.AspNetCore.SignalR;

namespace Tellal.Inventory.Live;

/// <summary>
/// <c>/hubs/stock</c> (clerks and admins, as <c>/api/inventory</c>): the server calls <c>stock</c> with the games whose
/// copies changed, at most once per <see cref="InventoryOptions.PushWindow"/> per web node. Every connection gets every
/// game: a page keeps the rows it shows and drops the rest. Clients only listen; what a page missed while disconnected
/// it reads again from <c>GET /api/inventory</c>.
/// </summary>
public sealed class StockHub : Hub
{
    public const string Path = "/hubs/stock";
    public const string StockMethod = "stock";
}
