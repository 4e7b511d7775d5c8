namespace Tellal.Contracts.Rentals;

/// <summary>Copies of one game in a rental order.</summary>
public sealed record RentalItem(long GameId, int Quantity);
