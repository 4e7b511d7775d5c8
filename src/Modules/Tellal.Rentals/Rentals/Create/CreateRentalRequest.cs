namespace Tellal.Rentals.Rentals.Create;

/// <summary>The body of POST /api/rentals. Everything is optional here so that validation can name what is missing.</summary>
public sealed record CreateRentalRequest(long? CustomerId, List<CreateRentalItem?>? Items, string? Note);

public sealed record CreateRentalItem(long? GameId, int? Quantity);
