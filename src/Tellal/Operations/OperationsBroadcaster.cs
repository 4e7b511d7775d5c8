using System.Data.Common;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Diagnostics;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Storage;

namespace Tellal.Operations;

/// <summary>
/// Pushes the operations snapshot to this node's watchers every <see cref="Interval"/>, and at once to a new one; idle
/// (no query at all) while nobody watches. The figures are read where they live (heartbeat rows, the transports, the
/// outbox and dead-letter tables), so every web node shows the same deployment.
/// </summary>
internal sealed partial class OperationsBroadcaster(
    IServiceScopeFactory scopes,
    OperationsAudience audience,
    IHubContext<OperationsHub> hub,
    StartupGate gate,
    NodeIdentity node,
    IOptions<NodeHeartbeatOptions> heartbeats,
    TimeProvider time,
    ILogger<OperationsBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await audience.WaitAsync(Interval, stoppingToken);
            var watchers = audience.Connections;
            if (watchers.Count == 0)
            {
                continue;
            }

            try
            {
                await hub.Clients.Clients(watchers).SendAsync(OperationsHub.SnapshotMethod, await ReadAsync(stoppingToken), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A view must never take its node down (a background service that throws stops the host).
                LogNotSent(logger, exception);
            }
        }
    }

    private async Task<OperationsSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            return new OperationsSnapshot(now, node.Name,
                await NodeEndpoints.ReadAsync(db, heartbeats.Value, now, cancellationToken),
                await scope.ServiceProvider.GetRequiredService<StreamsView>().DescribeAsync(cancellationToken),
                await MessagingBacklog.OutboxAsync(db, now, cancellationToken),
                await MessagingBacklog.DeadLettersAsync(db, cancellationToken));
        }
        catch (Exception exception) when (exception is DbException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            LogUnreadable(logger, exception);
            return new OperationsSnapshot(now, node.Name, [], [], null, [], "The database does not answer: the figures will be back when it does.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operations snapshot could not be sent")]
    private static partial void LogNotSent(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operations snapshot could not be read")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);
}
