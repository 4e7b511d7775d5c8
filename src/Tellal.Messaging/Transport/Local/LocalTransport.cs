using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Transport.Local;

/// <summary>
/// The embedded transport: a queue table in the node's own database. A sent message is a committed row, so it
/// survives <c>kill -9</c>; a consumer leases rows and deletes them when settled, so a consumer that dies loses
/// its lease and the rows are delivered again. Several processes may share the database and compete.
/// </summary>
internal sealed class LocalTransport(
    IServiceScopeFactory scopes,
    MessageRegistry registry,
    NodeIdentity node,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<LocalTransport> logger) : ITransport, ITransactionalQueue, IStreamInspection
{
    private const int RowsPerInsert = 200;
    private readonly IServiceScopeFactory _scopes = scopes;
    private readonly NodeIdentity _node = node;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly LocalTransportOptions _options = options.Value.Local;
    private readonly ConcurrentDictionary<string, WakeSignal> _signals = new(StringComparer.Ordinal);

    public const string TransportName = "local";

    public string Name => TransportName;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var rows = messages.SelectMany(message => QueuesOf(message.Envelope, message.Destination).Select(queue => (Queue: queue, Message: message))).ToList();

        if (rows.Count == 0)
        {
            return;
        }

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            await using var insert = await db.CreateCommandAsync("", cancellationToken);
            var sql = new StringBuilder($"INSERT INTO {MessagingModel.LocalQueueTable} (queue, visible_at, lease_until, delivery_count, {EnvelopeColumns.List}) VALUES ");
            for (var i = 0; i < chunk.Length; i++)
            {
                SqlDialect.AddParameter(insert, $"@q{i}", chunk[i].Queue);
                sql.Append(i == 0 ? "" : ",").Append($"(@q{i}, @now, 0, 0, {EnvelopeColumns.AddValues(insert, $"e{i}", chunk[i].Message.Envelope)})");
            }

            SqlDialect.AddParameter(insert, "@now", now);
            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var queue in rows.Select(r => r.Queue).Distinct())
        {
            Signal(queue).Set();
        }
    }

    public IReadOnlyList<LocalQueueMessage> Rows(Envelope envelope, string? destination, long now)
    {
        var rows = new List<LocalQueueMessage>();
        foreach (var queue in QueuesOf(envelope, destination))
        {
            var row = new LocalQueueMessage { Queue = queue, VisibleAt = now };
            row.CopyFrom(envelope);
            rows.Add(row);
        }

        return rows;
    }

    public void Committed(IReadOnlyCollection<string> queues)
    {
        foreach (var queue in queues)
        {
            Signal(queue).Set();
        }
    }

    public Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ =>
            new LocalConsumer(this, queue.Name, batchSize, handler).RunAsync(cancellationToken)));

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.CanConnectAsync(cancellationToken);
    }

    /// <summary>Rows per queue: those leased to a consumer are in flight, the others wait.</summary>
    public async Task<TransportStreams> DescribeAsync(IReadOnlyList<QueueDefinition> queues, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        await using var count = await db.CreateCommandAsync($"""
            SELECT queue, COUNT(*), SUM(CASE WHEN lease_until > @now THEN 1 ELSE 0 END), MIN(CASE WHEN lease_until > @now THEN NULL ELSE visible_at END)
            FROM {MessagingModel.LocalQueueTable} GROUP BY queue
            """, cancellationToken);
        SqlDialect.AddParameter(count, "@now", _time.GetUtcNow().ToUnixTimeMilliseconds());
        var depths = new Dictionary<string, (long Rows, long Leased, DateTimeOffset? OldestSince)>(StringComparer.Ordinal);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            depths[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }

        return new TransportStreams(Name, [.. queues.Select(queue =>
        {
            var (rows, leased, oldestSince) = depths.GetValueOrDefault(queue.Name);
            return new QueueDepth(queue.Name, rows - leased, leased, oldestSince);
        })], []);
    }

    private IReadOnlyList<string> QueuesOf(Envelope envelope, string? destination)
    {
        IReadOnlyList<string> queues = destination is { } single ? [single] : registry.Route(envelope.Type);
        if (queues.Count == 0)
        {
            _logger.LogDebug("No queue subscribes to {Type}; message {Id} dropped", envelope.Type, envelope.Id);
        }

        return queues;
    }

    internal WakeSignal Signal(string queue) => _signals.GetOrAdd(queue, _ => new WakeSignal());

    /// <summary>One competing consumer loop: claim a batch, keep its lease alive while it is handled, settle it.</summary>
    private sealed class LocalConsumer(LocalTransport transport, string queue, int batchSize, MessageBatchHandler handler)
    {
        private readonly string _owner = $"{transport._node.InstanceId}/{Guid.NewGuid():N}";

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            var signal = transport.Signal(queue);
            var failures = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var batch = await ClaimAsync(cancellationToken);
                    failures = 0;
                    if (batch.Count == 0)
                    {
                        await signal.WaitAsync(transport._options.PollInterval, cancellationToken);
                        continue;
                    }

                    if (batch.Count == batchSize)
                    {
                        signal.Set(); // there may be more: let a sibling consumer look too
                    }

                    await HandleAsync(batch, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    failures++;
                    transport._logger.LogWarning(exception, "Local consumer of {Queue} failed ({Failures} in a row)", queue, failures);
                    await Backoff.DelayAsync(failures, transport._time, cancellationToken);
                }
            }
        }

        private async Task HandleAsync(List<(long Seq, IncomingMessage Message)> batch, CancellationToken cancellationToken)
        {
            using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var renewing = RenewLeasesAsync(batch.Select(b => b.Seq).ToList(), renewal.Token);
            IReadOnlyList<Settlement> settlements;
            try
            {
                settlements = await handler(batch.Select(b => b.Message).ToList(), cancellationToken);
            }
            catch (Exception exception)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    transport._logger.LogWarning(exception, "Handling a batch from {Queue} failed; releasing it", queue);
                }

                settlements = batch.Select(_ => Settlement.Release).ToList();
            }
            finally
            {
                await renewal.CancelAsync();
                await renewing;
            }

            var complete = batch.Where((b, i) => settlements[i] == Settlement.Complete && b.Message.Receipt?.Settled != true).Select(b => b.Seq).ToList();
            var release = batch.Where((_, i) => settlements[i] == Settlement.Release).Select(b => b.Seq).ToList();
            // Settle even while shutting down: a released row is delivered again at once instead of after the lease.
            await SettleAsync($"DELETE FROM {MessagingModel.LocalQueueTable}", complete);
            await SettleAsync($"UPDATE {MessagingModel.LocalQueueTable} SET lease_until = 0, lease_owner = NULL", release);
        }

        private async Task<List<(long Seq, IncomingMessage Message)>> ClaimAsync(CancellationToken cancellationToken)
        {
            await using var scope = transport._scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            var now = transport._time.GetUtcNow().ToUnixTimeMilliseconds();
            await using var claim = await db.CreateCommandAsync($"""
                UPDATE {MessagingModel.LocalQueueTable}
                SET lease_owner = @owner, lease_until = @until, delivery_count = delivery_count + 1
                WHERE seq IN (SELECT seq FROM {MessagingModel.LocalQueueTable}
                              WHERE queue = @queue AND visible_at <= @now AND lease_until <= @now
                              ORDER BY priority DESC, seq LIMIT @limit{SqlDialect.For(db).SkipLocked})
                RETURNING seq, delivery_count, {EnvelopeColumns.List}
                """, cancellationToken);
            SqlDialect.AddParameter(claim, "@owner", _owner);
            SqlDialect.AddParameter(claim, "@until", now + (long)transport._options.Lease.TotalMilliseconds);
            SqlDialect.AddParameter(claim, "@now", now);
            SqlDialect.AddParameter(claim, "@queue", queue);
            SqlDialect.AddParameter(claim, "@limit", batchSize);

            var batch = new List<(long, IncomingMessage)>();
            await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var seq = reader.GetInt64(0);
                batch.Add((seq, new IncomingMessage(EnvelopeColumns.Read(reader, 2), queue, reader.GetInt32(1)) { Receipt = new QueueReceipt(seq) }));
            }

            // RETURNING gives no order; hand the batch over in priority order.
            batch.Sort((a, b) => b.Item2.Envelope.Priority != a.Item2.Envelope.Priority
                ? b.Item2.Envelope.Priority.CompareTo(a.Item2.Envelope.Priority)
                : a.Item1.CompareTo(b.Item1));
            return batch;
        }

        private async Task RenewLeasesAsync(List<long> seqs, CancellationToken cancellationToken)
        {
            var lease = transport._options.Lease;
            try
            {
                while (true)
                {
                    await Task.Delay(lease / 3, transport._time, cancellationToken);
                    var until = transport._time.GetUtcNow().Add(lease).ToUnixTimeMilliseconds();
                    await SettleAsync($"UPDATE {MessagingModel.LocalQueueTable} SET lease_until = {until}", seqs);
                }
            }
            catch (OperationCanceledException)
            {
                // Handling finished (or the node is stopping): the settlement takes over.
            }
            catch (Exception exception)
            {
                transport._logger.LogWarning(exception, "Could not renew leases on {Queue}; the messages may be delivered again", queue);
            }
        }

        /// <summary>Runs "statement WHERE seq IN (...) AND lease_owner = me": a row another consumer took over is left alone.</summary>
        private async Task SettleAsync(string statement, List<long> seqs)
        {
            if (seqs.Count == 0)
            {
                return;
            }

            await using var scope = transport._scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            await using var command = await db.CreateCommandAsync("", CancellationToken.None);
            command.CommandText = $"{statement} WHERE {SqlDialect.Matches(command, "seq", "s", seqs)} AND lease_owner = @owner";
            SqlDialect.AddParameter(command, "@owner", _owner);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

}
