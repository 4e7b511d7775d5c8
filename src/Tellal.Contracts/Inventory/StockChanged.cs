using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Inventory;

/// <summary>
/// One game's copies after a change that committed (a reservation or a release). <paramref name="Version"/> grows by one
/// with every change of the game's row, so of two copies of the news, whichever order they arrive in, the higher is the
/// newer; <paramref name="Available"/> is <c>Total - Reserved</c>, carried so a reader need not know that.
/// </summary>
[MessageType("tellal.inventory.stock-changed.v1")]
public sealed record StockChanged(long GameId, int Total, int Reserved, int Available, long Version, DateTimeOffset ChangedAt);
