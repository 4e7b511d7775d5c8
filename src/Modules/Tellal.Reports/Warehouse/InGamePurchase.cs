namespace Tellal.Reports.Warehouse;

/// <summary>Something a customer bought inside a game (skins, levels, currency). Money is in cents.</summary>
public sealed class InGamePurchase
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long GameId { get; set; }
    public DateTimeOffset PurchasedAt { get; set; }
    public long AmountCents { get; set; }
}
