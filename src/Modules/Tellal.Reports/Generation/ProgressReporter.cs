using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Generation;

/// <summary>
/// Writes a running report's progress at most once per interval, in its own short transactions (the handler's
/// unit of work commits only at the end). Each write also checks the report is still running: when the owner
/// cancelled or deleted it, <see cref="Stopped"/> is cancelled and the query stops.
/// </summary>
internal sealed class ProgressReporter : IProgress<ReportProgress>, IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly Guid _reportId;
    private readonly CancellationTokenSource _stopped;
    private readonly CancellationTokenSource _done = new();
    private readonly Task _writer;
    private ReportProgress? _latest;

    public ProgressReporter(IServiceScopeFactory scopes, Guid reportId, TimeSpan interval, CancellationToken cancellationToken)
    {
        _scopes = scopes;
        _reportId = reportId;
        _stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _writer = WriteLoopAsync(interval);
    }

    /// <summary>Cancelled when the report stops running (cancelled, deleted) or the caller's token is.</summary>
    public CancellationToken Stopped => _stopped.Token;

    public bool WasStoppedByOwner { get; private set; }

    public void Report(ReportProgress value) => Interlocked.Exchange(ref _latest, value);

    private async Task WriteLoopAsync(TimeSpan interval)
    {
        ReportProgress? written = null;
        try
        {
            while (!_done.IsCancellationRequested)
            {
                await Task.Delay(interval, _done.Token);
                var latest = Volatile.Read(ref _latest);
                // Writing even when nothing changed is how a long silent query still notices a cancel.
                if (!await WriteAsync(latest ?? written))
                {
                    WasStoppedByOwner = true;
                    await _stopped.CancelAsync();
                    return;
                }

                written = latest ?? written;
            }
        }
        catch (OperationCanceledException)
        {
            // Finished.
        }
    }

    private async Task<bool> WriteAsync(ReportProgress? progress)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var rows = db.Set<ReportRequest>().Where(r => r.Id == _reportId && r.Status == ReportStatus.Running);
        var updated = progress is null
            ? await rows.CountAsync()
            : await rows.ExecuteUpdateAsync(set => set.SetProperty(r => r.Progress, progress.Percent).SetProperty(r => r.Stage, progress.Stage));
        return updated > 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        await _writer;
        _done.Dispose();
        _stopped.Dispose();
    }
}
