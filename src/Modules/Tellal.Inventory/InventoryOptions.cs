using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Inventory;

/// <summary>Bound from <c>Tellal:Inventory</c>.</summary>
public sealed record InventoryOptions : IValidatableObject
{
    public const string Section = "Tellal:Inventory";

    [Description("Copies of each game the stock starts with when the game first appears in the catalogue; later announcements leave existing stock alone.")]
    [Range(0, 100_000)]
    public int CopiesPerGame { get; init; } = 5;

    [Description("Games per page of GET /api/inventory.")]
    [Range(1, 500)]
    public int PageSize { get; init; } = 50;

    [Description("How long a web node gathers stock changes before it pushes them to the stock pages (/hubs/stock), the newest per game "
        + "winning: a burst of rentals reaches each browser as one update per game per window, not one per rental.")]
    public TimeSpan PushWindow { get; init; } = TimeSpan.FromMilliseconds(250);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PushWindow < TimeSpan.Zero || PushWindow > TimeSpan.FromSeconds(10))
        {
            yield return new ValidationResult($"PushWindow ({PushWindow}) must be between 0 and 10 seconds.", [nameof(PushWindow)]);
        }
    }
}
