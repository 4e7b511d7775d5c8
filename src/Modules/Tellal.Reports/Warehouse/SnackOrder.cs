namespace Tellal.Reports.Warehouse;

/// <summary>A snack, food or drink ordered while playing. Money is in cents.</summary>
public sealed class SnackOrder
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long SessionId { get; set; }
    public required string Brand { get; set; }

    /// <summary>One of <see cref="SnackCategories"/>.</summary>
    public required string Category { get; set; }

    public long AmountCents { get; set; }
    public DateTimeOffset OrderedAt { get; set; }

    /// <summary>The UTC calendar day of <see cref="OrderedAt"/>, for weekday filters (see <see cref="Rental.Day"/>).</summary>
    public DateOnly Day { get; set; }
}

public static class SnackCategories
{
    public const string Snack = "snack";
    public const string Food = "food";
    public const string Drink = "drink";
}
