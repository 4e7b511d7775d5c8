namespace Tellal.Reports.Warehouse;

/// <summary>A partner company through which rentals are sold (a store chain, a platform reseller).</summary>
public sealed class PartnerCompany
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code.</summary>
    public required string Country { get; set; }
}
