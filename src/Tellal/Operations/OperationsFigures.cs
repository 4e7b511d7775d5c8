using System.Data.Common;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Diagnostics;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Hosting.Operations;
using Tellal.Platform.Storage;

namespace Tellal.Operations;

/// <summary>
/// Reads the operations snapshot where the figures live (heartbeat rows, the transports, the outbox and dead-letter
/// tables, the modules' pipelines) and keeps the latest, which the Prometheus gauges report (<see cref="OperationsMetrics"/>).
/// The hub's watchers and a scrape share one read when they come within <see cref="FreshFor"/> of each other.
/// </summary>
internal sealed partial class OperationsFigures(
    IServiceScopeFactory scopes,
    NodeIdentity node,
    IOptions<NodeHeartbeatOptions> heartbeats,
    TimeProvider time,
    ILogger<OperationsFigures> logger) : IDisposable
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _reading = new(1, 1);

    /// <summary>The last snapshot read (null before the first), possibly one whose <see cref="OperationsSnapshot.Problem"/> is set.</summary>
    public OperationsSnapshot? Latest { get; private set; }

    public void Dispose() => _reading.Dispose();

    /// <summary>The latest snapshot if younger than <see cref="FreshFor"/>, else a new one.</summary>
    public async Task<OperationsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await _reading.WaitAsync(cancellationToken);
        try
        {
            if (Latest is { } latest && time.GetUtcNow() - latest.At < FreshFor)
            {
                return latest;
            }

            return Latest = await ReadNowAsync(cancellationToken);
        }
        finally
        {
            _reading.Release();
        }
    }

    private async Task<OperationsSnapshot> ReadNowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<TellalDbContext>();
            var pipelines = new List<PipelineFigures>();
            foreach (var pipeline in services.GetServices<IWorkPipeline>())
            {
                pipelines.Add(await pipeline.ReadAsync(db, now, cancellationToken));
            }

            return new OperationsSnapshot(now, node.Name,
                await NodeEndpoints.ReadAsync(db, heartbeats.Value, now, cancellationToken),
                await services.GetRequiredService<StreamsView>().DescribeAsync(cancellationToken),
                await MessagingBacklog.OutboxAsync(db, now, cancellationToken),
                await MessagingBacklog.DeadLettersAsync(db, cancellationToken),
                await QueueRates.ReadAsync(db, now, cancellationToken),
                pipelines);
        }
        catch (Exception exception) when (exception is DbException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreadable(logger, exception);
            return new OperationsSnapshot(now, node.Name, [], [], null, [], [], [], "The database does not answer: the figures will be back when it does.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operations snapshot could not be read")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
