namespace Tellal.Inventory.Stock;

/// <summary>
/// One game's stock as the API shows it. Field names are part of the stable API. <c>version</c> is the one the hub's
/// <c>stock</c> events carry: a page keeps whichever reading of a game has the higher.
/// </summary>
public sealed record StockResponse(long GameId, string Title, int Total, int Reserved, int Available, long Version)
{
    public static StockResponse From(GameStock stock) => new(stock.GameId, stock.Title, stock.Total, stock.Reserved, stock.Available, stock.Version);
}

public sealed record StockPage(IReadOnlyList<StockResponse> Items, int Page, int PageSize, int TotalCount);
