using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Rentals;

/// <summary>The customer brought a confirmed rental's copies back: stock gets them again, the warehouse records the return.</summary>
[MessageType("tellal.rentals.rental-returned.v1")]
public sealed record RentalReturned(Guid RentalId, long CustomerId, IReadOnlyList<RentalItem> Items, DateTimeOffset ReturnedAt);
