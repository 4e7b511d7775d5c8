using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Inventory;

/// <summary>One game of the order had too few copies available: nothing of the order was reserved.</summary>
[MessageType("tellal.inventory.rental-rejected.v1")]
public sealed record RentalRejected(Guid RentalId, long ShortGameId, string Reason, DateTimeOffset RejectedAt);
