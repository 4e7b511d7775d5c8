using Tellal.Contracts.Rentals;

namespace Tellal.Rentals.Rentals;

/// <summary>A rental as the API shows it. Field names are part of the stable API.</summary>
public sealed record RentalResponse(
    Guid Id,
    long CustomerId,
    RentalStatus Status,
    IReadOnlyList<RentalItem> Items,
    string? Reason,
    string? Note,
    string ClerkName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? ReturnedAt)
{
    public static RentalResponse From(Rental rental) => new(
        rental.Id, rental.CustomerId, rental.Status, rental.Items, rental.Reason, rental.Note, rental.ClerkName,
        rental.CreatedAt, rental.DecidedAt, rental.ReturnedAt);
}

public sealed record RentalPage(IReadOnlyList<RentalResponse> Items, int Page, int PageSize, int TotalCount);
