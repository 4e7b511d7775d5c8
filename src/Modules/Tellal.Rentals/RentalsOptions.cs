using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Rentals;

/// <summary>Bound from <c>Tellal:Rentals</c>.</summary>
public sealed record RentalsOptions
{
    public const string Section = "Tellal:Rentals";

    [Description("Different games in one order at most: a counter order, not a bulk transfer.")]
    [Range(1, 200)]
    public int MaxItems { get; init; } = 20;

    [Description("Copies of one game in one order at most.")]
    [Range(1, 1000)]
    public int MaxQuantity { get; init; } = 10;

    [Description("Longest note a clerk may attach to an order.")]
    [Range(0, 4000)]
    public int MaxNoteLength { get; init; } = 500;

    [Description("Rentals per page of GET /api/rentals.")]
    [Range(1, 500)]
    public int PageSize { get; init; } = 50;
}
