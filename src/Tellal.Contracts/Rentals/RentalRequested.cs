using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Rentals;

/// <summary>A clerk ordered these copies for a customer; stock decides, all items or none (<c>RentalConfirmed</c> or <c>RentalRejected</c>).</summary>
[MessageType("tellal.rentals.rental-requested.v1")]
public sealed record RentalRequested(Guid RentalId, long CustomerId, IReadOnlyList<RentalItem> Items);
