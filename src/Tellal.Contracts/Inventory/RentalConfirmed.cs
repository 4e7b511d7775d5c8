using Tellal.Contracts.Rentals;
using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Inventory;

/// <summary>Every copy of the order is reserved for the customer until the rental is returned.</summary>
[MessageType("tellal.inventory.rental-confirmed.v1")]
public sealed record RentalConfirmed(Guid RentalId, long CustomerId, IReadOnlyList<RentalItem> Items, DateTimeOffset ConfirmedAt);
