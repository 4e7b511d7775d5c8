using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Transport;
using Tellal.Platform.Hosting;

namespace Tellal.Messaging.Redis;

/// <summary>
/// One competing consumer of a queue's three streams, under a name of its own in their groups. Each round it first claims
/// back entries a consumer left idle for <c>ClaimAfter</c> (<c>XAUTOCLAIM</c>: that consumer died or gave them back), at most
/// every half <c>ClaimAfter</c>, then reads new entries from the highest level that has any (<c>XREADGROUP ... &gt;</c>).
/// While a batch is handled, its entries' idle time is reset every third of <c>ClaimAfter</c> (<c>XCLAIM ... JUSTID</c>), so a
/// slow handler keeps them and only a dead one loses them. Entries are acknowledged and deleted (<c>XACK</c> + <c>XDEL</c>, one
/// script) only after the dispatcher committed; released entries are marked idle so that any consumer claims them at once.
/// </summary>
internal sealed class RedisQueueConsumer(RedisTransport transport, string queue, int index, int batchSize, MessageBatchHandler handler, WakeSignal signal)
{
    /// <summary>XACK and XDEL together: an acknowledged entry is never left in the stream, nor a deleted one in the pending list.</summary>
    private const string AcknowledgeAndDelete =
        "redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2)) return redis.call('XDEL', KEYS[1], unpack(ARGV, 2))";

    private static readonly RedisValue ScanStart = "0-0";

    private readonly string _name = $"{transport.Node.InstanceId}/{index}";
    private readonly string _group = transport.Topology.Group(queue);
    private readonly IReadOnlyList<RedisKey> _streams = transport.Topology.Streams(queue);
    private readonly long _claimAfter = (long)transport.Options.ClaimAfter.TotalMilliseconds;
    private long _claimDue;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        var releasedInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await NextBatchAsync();
                failures = 0;
                if (batch.Count == 0)
                {
                    var untilClaim = TimeSpan.FromMilliseconds(Math.Max(0, _claimDue - Environment.TickCount64));
                    await signal.WaitAsync(untilClaim < transport.Options.PollInterval ? untilClaim : transport.Options.PollInterval, cancellationToken);
                    continue;
                }

                if (batch.Count == batchSize)
                {
                    signal.Set(); // there may be more: let a sibling consumer look too
                }

                var released = await HandleAsync(batch, cancellationToken);
                // A released message comes straight back: while the database is down that would be a tight loop.
                releasedInARow = released ? releasedInARow + 1 : 0;
                if (released)
                {
                    await Task.Delay(Backoff.Delay(releasedInARow), cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // The streams are gone (Redis restarted without its AOF, or a key was deleted): whatever they held is lost.
                transport.Logger.LogError("The consumer groups of {Queue} are gone; creating them again", queue);
                await TryAsync(() => Task.WhenAll(_streams.Select(stream => RedisTopology.CreateGroupAsync(transport.Database, stream, _group))));
            }
            catch (Exception exception)
            {
                failures++;
                transport.Logger.LogWarning(exception, "Redis consumer of {Queue} failed ({Failures} in a row)", queue, failures);
                await TryAsync(() => Task.Delay(Backoff.Delay(failures), cancellationToken));
            }
        }
    }

    private async Task<List<Delivery>> NextBatchAsync()
    {
        var db = transport.Database;
        if (Environment.TickCount64 >= _claimDue)
        {
            _claimDue = Environment.TickCount64 + _claimAfter / 2;
            foreach (var stream in _streams)
            {
                RedisValue start = ScanStart;
                do
                {
                    var result = await db.StreamAutoClaimAsync(stream, _group, _name, _claimAfter, start, batchSize);
                    if (result.ClaimedEntries.Length > 0)
                    {
                        _claimDue = result.ClaimedEntries.Length == batchSize ? 0 : _claimDue;
                        return Deliveries(stream, result.ClaimedEntries, redelivered: true);
                    }

                    start = result.NextStartId;
                }
                while (start != ScanStart); // the scan of the pending list wrapped around
            }
        }

        foreach (var stream in _streams)
        {
            var entries = await db.StreamReadGroupAsync(stream, _group, _name, StreamPosition.NewMessages, batchSize);
            if (entries.Length > 0)
            {
                return Deliveries(stream, entries, redelivered: false);
            }
        }

        return [];
    }

    /// <summary>Handles the batch, keeping its entries while it runs, and settles it. True when some message was released.</summary>
    private async Task<bool> HandleAsync(List<Delivery> batch, CancellationToken cancellationToken)
    {
        var settlements = new Settlement[batch.Count]; // unreadable entries stay Complete: nothing can ever handle them
        var readable = Enumerable.Range(0, batch.Count).Where(i => batch[i].Message is not null).ToList();
        if (readable.Count > 0)
        {
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = RenewAsync(batch, renewal.Token);
            try
            {
                var handled = await handler([.. readable.Select(i => batch[i].Message!)], cancellationToken);
                for (var i = 0; i < readable.Count; i++)
                {
                    settlements[readable[i]] = handled[i];
                }
            }
            catch (Exception exception)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    transport.Logger.LogWarning(exception, "Handling a batch from {Queue} failed; releasing it", queue);
                }

                readable.ForEach(i => settlements[i] = Settlement.Release);
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }
        }

        await SettleAsync(batch, settlements);
        return settlements.Contains(Settlement.Release);
    }

    private async Task RenewAsync(List<Delivery> batch, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(transport.Options.ClaimAfter / 3, cancellationToken);
                foreach (var stream in batch.GroupBy(r => r.Stream))
                {
                    await transport.Database.StreamClaimIdsOnlyAsync(stream.Key, _group, _name, 0, [.. stream.Select(r => r.Id)]);
                }
            }
            catch (OperationCanceledException)
            {
                // Handled (or stopping): the settlement takes over.
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                transport.Logger.LogWarning(exception, "Could not renew messages of {Queue}; they may be delivered again", queue);
            }
        }
    }

    /// <summary>
    /// Even while stopping. What cannot be settled (Redis unreachable) stays pending: it is claimed back after
    /// <c>ClaimAfter</c> and the inbox absorbs what was handled.
    /// </summary>
    private async Task SettleAsync(List<Delivery> batch, Settlement[] settlements)
    {
        var db = transport.Database;
        foreach (var stream in batch.Select((r, i) => (r.Stream, r.Id, Settlement: settlements[i])).GroupBy(r => r.Stream))
        {
            var done = stream.Where(r => r.Settlement == Settlement.Complete).Select(r => r.Id).ToList();
            var released = stream.Where(r => r.Settlement == Settlement.Release).Select(r => r.Id).ToList();
            await TryAsync(async () =>
            {
                if (done.Count > 0)
                {
                    await db.ScriptEvaluateAsync(AcknowledgeAndDelete, [stream.Key], [_group, .. done]);
                }

                if (released.Count > 0)
                {
                    // Idle as long as a dead consumer's: the next claim round of any consumer takes them, this one's included.
                    List<object> claim = [stream.Key, _group, _name, 0, .. released.Select(id => (object)id), "IDLE", _claimAfter, "JUSTID"];
                    await db.ExecuteAsync("XCLAIM", claim);
                    _claimDue = 0;
                }
            });
        }
    }

    private List<Delivery> Deliveries(RedisKey stream, StreamEntry[] entries, bool redelivered) =>
        [.. entries.Where(e => !e.IsNull).Select(e => new Delivery(stream, e.Id, Read(e, redelivered)))];

    private IncomingMessage? Read(StreamEntry entry, bool redelivered)
    {
        try
        {
            // Read with ">" it is certainly a first delivery, claimed certainly a later one: the dispatcher counts those.
            return new IncomingMessage(RedisEnvelope.Read(entry), queue, redelivered ? 2 : 1, CountedByTransport: false);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            // Not a Tellal message: nothing can handle it, and leaving it would bring it back after every lease.
            transport.Logger.LogError(exception, "Discarding an unreadable entry {Id} of {Queue}", entry.Id, queue);
            return null;
        }
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or OperationCanceledException)
        {
            transport.Logger.LogDebug(exception, "A Redis call of the consumer of {Queue} failed", queue);
        }
    }

    private sealed record Delivery(RedisKey Stream, RedisValue Id, IncomingMessage? Message);
}
