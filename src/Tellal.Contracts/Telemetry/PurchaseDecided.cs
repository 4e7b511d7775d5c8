using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Telemetry;

/// <summary>
/// The store's final word on an in-app purchase reported by a game app: <see cref="Verified"/> (revenue, at the store's
/// <see cref="PriceMicros"/> in <see cref="Currency"/>) or rejected (forged or altered receipt: never revenue). Sent once
/// per purchase, when it is decided; no player id travels with it, revenue figures do not need one.
/// </summary>
[MessageType("tellal.telemetry.purchase-decided.v1")]
public sealed record PurchaseDecided(
    Guid EventId, string App, long GameId, DateTimeOffset OccurredAt, bool Verified, string? ProductId, long? PriceMicros, string? Currency, DateTimeOffset DecidedAt);
