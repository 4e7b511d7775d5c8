using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Local;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Acts on outgoing messages once the transaction that wrote them has committed, and never before, since a message whose
/// transaction rolls back must not leave: reserved outbox rows go to the <see cref="CommittedMessageSender"/>, other outbox
/// rows wake the relay, and rows written straight into a Local queue wake that queue's consumers. A SaveChanges outside an
/// explicit transaction commits by itself; inside one, the commit of that transaction is the moment.
/// </summary>
internal sealed class CommitInterceptor(PendingMessages pending, CommittedMessageSender sender, OutboxSignal signal,
    ITransport transport, MessagingMetrics metrics) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        OnSaved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        OnSaved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    private void OnSaved(DbContext? db)
    {
        if (db?.Database.CurrentTransaction is null)
        {
            Committed(db);
        }
    }

    private void RolledBack(DbContext? db)
    {
        if (db is not null)
        {
            pending.TakeSaved(db);
        }
    }

    private void Committed(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        var wakeRelay = false;
        HashSet<string>? queues = null;
        HashSet<Guid>? queuedIds = null;
        foreach (var row in pending.TakeSaved(db))
        {
            switch (row)
            {
                case OutboxMessage message when !sender.TryHandOver(message):
                    wakeRelay = true;
                    break;
                case LocalQueueMessage queued:
                    (queues ??= []).Add(queued.Queue);
                    if ((queuedIds ??= []).Add(queued.MessageId))
                    {
                        metrics.Sent(queued.Type); // one count per message, as the relay counts, however many queues it went to
                    }

                    break;
            }
        }

        if (wakeRelay)
        {
            signal.Wake.Set();
        }

        if (queues is not null && transport.TransactionalQueue() is { } local)
        {
            local.Committed(queues);
        }
    }
}
