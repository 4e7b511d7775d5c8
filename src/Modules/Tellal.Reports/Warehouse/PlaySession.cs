namespace Tellal.Reports.Warehouse;

/// <summary>A customer playing a rented game; AFK minutes are the idle part of the duration.</summary>
public sealed class PlaySession
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long GameId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int DurationMinutes { get; set; }
    public int AfkMinutes { get; set; }
    public int Score { get; set; }
}
