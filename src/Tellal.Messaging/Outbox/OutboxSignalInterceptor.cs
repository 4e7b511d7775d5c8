using Microsoft.EntityFrameworkCore.Diagnostics;
using Tellal.Platform.Hosting;

namespace Tellal.Messaging.Outbox;

/// <summary>Wakes the relay when a commit carried outbox messages, so they leave in milliseconds instead of at the next poll.</summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Notify(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Notify(eventData);
        return ValueTask.FromResult(result);
    }

    private void Notify(SaveChangesCompletedEventData eventData)
    {
        if (eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any() == true)
        {
            signal.Wake.Set();
        }
    }
}

internal sealed class OutboxSignal
{
    public WakeSignal Wake { get; } = new();
}
