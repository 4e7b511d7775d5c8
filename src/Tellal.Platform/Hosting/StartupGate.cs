namespace Tellal.Platform.Hosting;

/// <summary>
/// The node's gate in front of requests. Opens once the node's own prerequisites (database schema) are in place:
/// background work waits on that, and readiness reports it, so the HTTP server can start at once and say "starting
/// up" instead of refusing connections. Once open, it closes again for requests while a dependency they need is
/// away (<see cref="ReportUnavailable"/>: the database), and reopens when it is back.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private TaskCompletionSource _available = Completed();
    private volatile bool _schemaCurrent;
    private volatile string? _unavailable;

    public bool IsOpen => _open.Task.IsCompletedSuccessfully;

    /// <summary>Open, and no dependency that requests need is away: requests may pass.</summary>
    public bool IsServing => IsOpen && _unavailable is null;

    /// <summary>What the node waits for after it opened (e.g. "waiting for the database"); null while it serves.</summary>
    public string? Unavailable => _unavailable;

    /// <summary>
    /// The database has this node's schema, though start-up tasks may still run: work that only needs the tables
    /// (the heartbeat) may begin; before, a query would fail on a missing table.
    /// </summary>
    public bool IsSchemaCurrent => _schemaCurrent || IsOpen;

    public void ReportSchemaCurrent() => _schemaCurrent = true;

    public string Status { get; private set; } = "starting";

    public void Report(string status) => Status = status;

    public void Open()
    {
        Status = "ready";
        _open.TrySetResult();
    }

    /// <summary>Closes the gate for requests with this reason, or reopens it (null).</summary>
    public void ReportUnavailable(string? reason)
    {
        lock (_lock)
        {
            if (reason is not null && _unavailable is null)
            {
                _available = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _unavailable = reason;
            if (reason is null)
            {
                _available.TrySetResult();
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    /// <summary>Completes when <see cref="IsServing"/> holds (at once if it does).</summary>
    public async Task WaitServingAsync(CancellationToken cancellationToken)
    {
        await WaitAsync(cancellationToken);
        while (!IsServing)
        {
            Task available;
            lock (_lock)
            {
                available = _available.Task;
            }

            await available.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
