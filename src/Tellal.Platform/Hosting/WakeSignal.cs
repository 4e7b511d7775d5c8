namespace Tellal.Platform.Hosting;

/// <summary>
/// Wakes every waiter when something may have arrived. Waiters always look after waking, so a signal
/// consumed by one of them is never lost work, only a spared poll.
/// </summary>
public sealed class WakeSignal
{
    private TaskCompletionSource _next = NewSource();

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _next);
        if (!current.Task.IsCompleted)
        {
            try
            {
                await current.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Polling interval elapsed: the caller looks anyway.
            }
        }

        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _next, NewSource(), current);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
