using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Sends the outbox rows committed on this node the moment their transaction commits, from memory: no relay poll or claim
/// query stands between a commit and the broker. The rows were reserved for this node when they were written (a lease, see
/// <see cref="OutboxWriter"/>), so no relay sends them meanwhile; once the transport confirmed them they are deleted in
/// batches. Several batches are in flight at once, so one batch waiting for its confirms does not hold back the next.
/// If this node dies first, or cannot keep up, the lease runs out and the relay of any node sends the row: the row is the
/// durable record, memory only the fast path, and a row sent twice is absorbed by the consumers' inbox.
/// Each transport in use has a lane of its own (queue and send loops): a transport that is down, or slow to confirm,
/// holds back only its own messages, never the copies other transports carry (Kafka away must not stop RabbitMQ).
/// </summary>
internal sealed class CommittedMessageSender(
    IServiceScopeFactory scopes,
    ITransport transport,
    StartupGate gate,
    NodeIdentity node,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<CommittedMessageSender> logger) : BackgroundService
{
    /// <summary>
    /// Send loops per lane. A loop waits for its batch's confirms, and the broker confirms a persistent message only once its
    /// disk has it, which on a busy disk takes tens of milliseconds; meanwhile it delivers the message to consumers at once.
    /// With 4 loops a confirm stall held every loop, and the next commits waited for one (up to 180 ms at 200 jobs/s,
    /// docs/benchmarks.md, issue 12) though the broker would have taken their messages; an idle loop costs nothing.
    /// </summary>
    private const int SendersInFlight = 32;
    private const int Capacity = 10_000;

    /// <summary>
    /// How long the delete loop lets confirmed rows gather before deleting them. Off every message's path (the rows are
    /// already sent), and it turns one DELETE transaction (a scope, a connection, an fsync) per confirm into one per
    /// interval; a row not yet deleted stays reserved, far below the hand-off lease.
    /// </summary>
    private static readonly TimeSpan DeleteInterval = TimeSpan.FromMilliseconds(100);

    private readonly RelayOptions _options = options.Value.Relay;
    private readonly Dictionary<ITransport, Channel<OutboxMessage>> _lanes = transport.InUse().ToDictionary(carrier => carrier, _ =>
        // A waiting send loop continues on the committing thread: the publish is handed to the client there, which saves a
        // thread-pool hop (a wake-up, often a spin) per commit; the loop returns to that thread at its first await.
        Channel.CreateBounded<OutboxMessage>(new BoundedChannelOptions(Capacity) { AllowSynchronousContinuations = true }));
    private readonly Channel<long> _sent = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Rows a send loop still held (not confirmed) when it stopped: handed back to the relays with the backlog.</summary>
    private readonly ConcurrentQueue<long> _heldAtStop = new();
    private volatile bool _running;

    /// <summary>Reserves a row for this node's sender, when this process runs one; otherwise the relay sends it.</summary>
    public void TryReserve(OutboxMessage message, DateTimeOffset now)
    {
        if (_running)
        {
            message.LeaseOwner = node.InstanceId;
            message.LeaseUntil = (now + _options.HandoffLease).ToUnixTimeMilliseconds();
        }
    }

    /// <summary>Takes a committed row reserved for this node; false for any other row (the relay's).</summary>
    public bool TryHandOver(OutboxMessage message) =>
        message.LeaseOwner == node.InstanceId
        && (transport.CarrierOf(message.Type, message.Destination) is { } carrier && _lanes.TryGetValue(carrier, out var lane)
            && lane.Writer.TryWrite(message) || LeftToRelay(message));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        _running = true;
        try
        {
            await Task.WhenAll(_lanes
                .SelectMany(lane => Enumerable.Range(0, SendersInFlight).Select(_ => SendLoopAsync(lane.Key, lane.Value.Reader, stoppingToken)))
                .Append(DeleteLoopAsync(stoppingToken)));
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>
    /// On a clean stop, deletes what was sent and hands what was not back to the relays at once, instead of leaving both
    /// reserved until their lease ends. Best effort: without it the leases still run out.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        await base.StopAsync(cancellationToken);
        var sent = Drain(_sent.Reader);
        var unsent = _lanes.Values.SelectMany(lane => Drain(lane.Reader)).Select(m => m.Seq).Concat(_heldAtStop).ToList();
        if (sent.Count + unsent.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            await OutboxRows.DeleteAsync(db, sent, cancellationToken);
            await OutboxRows.ReleaseAsync(db, unsent, cancellationToken);
        }
        catch (Exception exception)
        {
            logger.LogDebug(exception, "Could not settle {Sent} sent and {Unsent} unsent outbox row(s) on stop; their leases will run out", sent.Count, unsent.Count);
        }
    }

    private static List<T> Drain<T>(ChannelReader<T> reader)
    {
        var items = new List<T>();
        while (reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private bool LeftToRelay(OutboxMessage message)
    {
        logger.LogDebug("The sender's backlog is full; outbox row {Seq} waits for its lease to end and goes by the relay", message.Seq);
        return true;
    }

    private async Task SendLoopAsync(ITransport carrier, ChannelReader<OutboxMessage> committed, CancellationToken stoppingToken)
    {
        var failures = 0;
        var batch = new List<OutboxMessage>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (batch.Count == 0)
                    {
                        batch.Add(await committed.ReadAsync(stoppingToken));
                        while (batch.Count < _options.BatchSize && committed.TryRead(out var next))
                        {
                            batch.Add(next);
                        }
                    }

                    await carrier.SendAsync(batch.Select(m => new OutgoingMessage(m.ToEnvelope(), m.Destination)).ToList(), stoppingToken);
                    foreach (var message in batch)
                    {
                        metrics.Sent(message.Type);
                        _sent.Writer.TryWrite(message.Seq);
                    }

                    batch.Clear();
                    failures = 0;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    // Keep the batch and try again: its rows stay reserved until the lease runs out, then the relay has them too.
                    failures++;
                    logger.LogWarning(exception, "Sending {Count} committed message(s) over {Transport} failed ({Failures} in a row)", batch.Count, carrier.Name, failures);
                    await Backoff.DelayAsync(failures, time, stoppingToken);
                }
            }
        }
        finally
        {
            // A batch being retried (its transport down) goes back to the relays at the stop instead of after its lease.
            foreach (var message in batch)
            {
                _heldAtStop.Enqueue(message.Seq);
            }
        }
    }

    /// <summary>Deletes sent rows, as many per statement as have been confirmed within <see cref="DeleteInterval"/>.</summary>
    private async Task DeleteLoopAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        var seqs = new List<long>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (seqs.Count == 0)
                {
                    // The rows wait in the channel, not here: a stop meanwhile finds and deletes them.
                    await _sent.Reader.WaitToReadAsync(stoppingToken);
                    await Task.Delay(DeleteInterval, time, stoppingToken);
                    while (seqs.Count < OutboxRows.MaxPerStatement && _sent.Reader.TryRead(out var next))
                    {
                        seqs.Add(next);
                    }
                }

                await using var scope = scopes.CreateAsyncScope();
                await OutboxRows.DeleteAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), seqs, stoppingToken);
                seqs.Clear();
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Not deleted yet: if this lasts beyond the lease, the relay sends the rows again and the inbox absorbs them.
                failures++;
                logger.LogWarning(exception, "Deleting {Count} sent outbox row(s) failed ({Failures} in a row)", seqs.Count, failures);
                await Backoff.DelayAsync(failures, time, stoppingToken);
            }
        }
    }
}
