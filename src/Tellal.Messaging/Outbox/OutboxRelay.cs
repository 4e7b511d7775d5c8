using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Moves outbox rows nobody else is sending to the transport in batches: timers and delayed retries when they come due,
/// messages published by processes that send nothing themselves (CLI), and rows whose node died before its
/// <see cref="CommittedMessageSender"/> sent them. Runs on every node; nodes claim disjoint rows with a lease, so several
/// relays never send the same row twice unless one dies between sending and deleting, and then the consumers' inbox
/// absorbs the duplicate.
/// </summary>
internal sealed class OutboxRelay(
    IServiceScopeFactory scopes,
    ITransport transport,
    OutboxSignal signal,
    StartupGate gate,
    NodeIdentity node,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly RelayOptions _options = options.Value.Relay;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int moved;
            try
            {
                moved = await RelayBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                logger.LogWarning(exception, "Outbox relay failed ({Failures} in a row); retrying in {Delay}", failures, Backoff.Delay(failures));
                await Backoff.DelayAsync(failures, time, stoppingToken);
                continue;
            }

            if (moved < _options.BatchSize)
            {
                await signal.Wake.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }
    }

    internal async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var claimed = await ClaimAsync(db, now, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        // Each transport's part goes on its own: one that is down leaves the others' rows sent and deleted.
        var parts = claimed.GroupBy(c => transport.CarrierOf(c.Message.Envelope.Type, c.Message.Destination) ?? transport).ToList();
        var failures = await Task.WhenAll(parts.Select(part => SendAsync(part.Key, part.ToList(), cancellationToken)));
        var sent = parts.Where((_, i) => failures[i] is null).SelectMany(part => part).ToList();
        foreach (var (_, message) in sent)
        {
            metrics.Sent(message.Envelope.Type);
        }

        await OutboxRows.DeleteAsync(db, sent.Select(c => c.Seq).ToList(), CancellationToken.None);
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            // Unsent: free the rows for the next round (after the backoff) rather than holding them a whole lease.
            await OutboxRows.ReleaseAsync(db, parts.Where((_, i) => failures[i] is not null).SelectMany(part => part).Select(c => c.Seq).ToList(), CancellationToken.None);
            ExceptionDispatchInfo.Throw(failure);
        }

        return claimed.Count;
    }

    /// <summary>Sends one transport's part; the failure, if any, instead of throwing it.</summary>
    private static async Task<Exception?> SendAsync(ITransport carrier, List<(long Seq, OutgoingMessage Message)> part, CancellationToken cancellationToken)
    {
        try
        {
            await carrier.SendAsync(part.Select(c => c.Message).ToList(), cancellationToken);
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private async Task<List<(long Seq, OutgoingMessage Message)>> ClaimAsync(TellalDbContext db, long now, CancellationToken cancellationToken)
    {
        var dialect = SqlDialect.For(db);
        await using var claim = await db.CreateCommandAsync($"""
            UPDATE {MessagingModel.OutboxTable} SET lease_owner = @owner, lease_until = @until
            WHERE seq IN (SELECT seq FROM {MessagingModel.OutboxTable}
                          WHERE due_at <= @now AND lease_until <= @now ORDER BY seq LIMIT @limit{dialect.SkipLocked})
            RETURNING seq, destination, {EnvelopeColumns.List}
            """, cancellationToken);
        SqlDialect.AddParameter(claim, "@owner", node.InstanceId);
        SqlDialect.AddParameter(claim, "@until", now + (long)_options.Lease.TotalMilliseconds);
        SqlDialect.AddParameter(claim, "@now", now);
        SqlDialect.AddParameter(claim, "@limit", _options.BatchSize);

        var claimed = new List<(long, OutgoingMessage)>();
        await using DbDataReader reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var destination = reader.IsDBNull(1) ? null : reader.GetString(1);
            claimed.Add((reader.GetInt64(0), new OutgoingMessage(EnvelopeColumns.Read(reader, 2), destination)));
        }

        // RETURNING gives no order; keep the commit order for the transport.
        claimed.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return claimed;
    }
}
