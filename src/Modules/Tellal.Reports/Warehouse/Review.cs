namespace Tellal.Reports.Warehouse;

/// <summary>A customer's review of a game: a 1-5 rating and whether they would recommend it.</summary>
public sealed class Review
{
    public long Id { get; set; }
    public long GameId { get; set; }
    public long CustomerId { get; set; }
    public int Rating { get; set; }
    public bool IsPositive { get; set; }
    public DateTimeOffset ReviewedAt { get; set; }
}
