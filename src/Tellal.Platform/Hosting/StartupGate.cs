namespace Tellal.Platform.Hosting;

/// <summary>
/// Opens once the node's own prerequisites (database schema) are in place. Background work waits on it, and
/// readiness reports it, so the HTTP server can start at once and say "starting up" instead of refusing connections.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _schemaCurrent;

    public bool IsOpen => _open.Task.IsCompletedSuccessfully;

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

    public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}
