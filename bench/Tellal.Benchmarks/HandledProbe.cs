using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tellal.Benchmarks;

/// <summary>
/// Sees every committed handler transaction: EF calls SavedChanges after the dispatcher's SaveChanges has
/// committed (handler state + inbox rows), so "handled" here means durable, not merely handler-returned.
/// Records the count, the time of the last commit, and per-message latencies when asked to.
/// </summary>
public sealed class HandledProbe : SaveChangesInterceptor
{
    private readonly Lock _gate = new();
    private List<double> _fromPublish = [];
    private List<double> _fromSchedule = [];
    private long _handled;
    private long _target = long.MaxValue;
    private DateTimeOffset _lastHandled;
    private TaskCompletionSource _reached = NewSource();

    public long Handled => Interlocked.Read(ref _handled);

    public DateTimeOffset LastHandled
    {
        get
        {
            lock (_gate)
            {
                return _lastHandled;
            }
        }
    }

    /// <summary>Starts counting (and collecting latencies) afresh.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _handled = 0;
            _target = long.MaxValue;
            _fromPublish = [];
            _fromSchedule = [];
            _reached = NewSource();
        }
    }

    /// <summary>Completes when <paramref name="target"/> messages have been handled since the last reset.</summary>
    public Task WaitForAsync(long target, TimeSpan timeout)
    {
        lock (_gate)
        {
            _target = target;
            if (_handled >= target)
            {
                _reached.TrySetResult();
            }

            return _reached.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Publish-to-handled and schedule-to-handled latencies (ms) since the last reset.</summary>
    public (double[] FromPublish, double[] FromSchedule) Latencies()
    {
        lock (_gate)
        {
            return (_fromPublish.ToArray(), _fromSchedule.ToArray());
        }
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Record(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData);
        return ValueTask.FromResult(result);
    }

    private void Record(SaveChangesCompletedEventData eventData)
    {
        if (eventData.Context is null)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var effects = eventData.Context.ChangeTracker.Entries<BenchEffect>().Select(e => e.Entity).ToList();
        if (effects.Count == 0)
        {
            return; // a publisher's or another commit
        }

        lock (_gate)
        {
            foreach (var effect in effects)
            {
                _fromPublish.Add((now - effect.PublishedAt).TotalMilliseconds);
                _fromSchedule.Add((now - effect.ScheduledAt).TotalMilliseconds);
            }

            _handled += effects.Count;
            _lastHandled = now;
            if (_handled >= _target)
            {
                _reached.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
