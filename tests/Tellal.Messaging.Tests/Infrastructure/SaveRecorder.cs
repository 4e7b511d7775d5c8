using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>Records every successful SaveChanges (one transaction each, outside explicit ones) and the rows it wrote.</summary>
public sealed class SaveRecorder : SaveChangesInterceptor
{
    private readonly ConcurrentQueue<int> _saves = new();

    /// <summary>The rows written by each SaveChanges, in order.</summary>
    public IReadOnlyList<int> Saves => _saves.ToArray();

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        _saves.Enqueue(result);
        return ValueTask.FromResult(result);
    }
}
