using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Inventory;

/// <summary>Bound from <c>Tellal:Inventory</c>.</summary>
public sealed record InventoryOptions
{
    public const string Section = "Tellal:Inventory";

    [Description("Copies of each game the stock starts with when the game first appears in the catalogue; later announcements leave existing stock alone.")]
    [Range(0, 100_000)]
    public int CopiesPerGame { get; init; } = 5;

    [Description("Games per page of GET /api/inventory.")]
    [Range(1, 500)]
    public int PageSize { get; init; } = 50;
}
