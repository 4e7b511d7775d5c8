namespace Tellal.Inventory.Stock;

/// <summary>One game's stock as the API shows it. Field names are part of the stable API.</summary>
public sealed record StockResponse(long GameId, string Title, int Total, int Reserved, int Available)
{
    public static StockResponse From(GameStock stock) => new(stock.GameId, stock.Title, stock.Total, stock.Reserved, stock.Available);
}

public sealed record StockPage(IReadOnlyList<StockResponse> Items, int Page, int PageSize, int TotalCount);
