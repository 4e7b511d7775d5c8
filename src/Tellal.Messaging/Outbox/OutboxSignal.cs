using Tellal.Platform.Hosting;

namespace Tellal.Messaging.Outbox;

/// <summary>Wakes the relay when a commit left rows for it, so they leave in milliseconds instead of at the next poll.</summary>
internal sealed class OutboxSignal
{
    public WakeSignal Wake { get; } = new();
}
