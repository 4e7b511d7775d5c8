namespace Tellal.Reports.Warehouse;

/// <summary>An end user of the rental service. Name and email are personal data.</summary>
public sealed class Customer
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public required string Country { get; set; }

    public int BirthYear { get; set; }
    public DateOnly SignedUpOn { get; set; }
}
