using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Local;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Writes a unit of work's outbox and inbox rows when its context saves (<see cref="EnvelopeRowWriter"/>), in the same
/// transaction as the rest of the save, and acts on outgoing messages once that transaction has committed, and never
/// before, since a message whose transaction rolls back must not leave: reserved outbox rows go to the
/// <see cref="CommittedMessageSender"/>, other outbox rows wake the relay, and rows written straight into a Local queue wake
/// that queue's consumers. A SaveChanges outside an explicit transaction commits by itself; inside one, the commit of that
/// transaction is the moment.
/// </summary>
/// <remarks>
/// Where the rows are written: inside the caller's transaction if there is one; alone (one atomic batch) if the save has
/// nothing else to write; otherwise at the start of the transaction the save opens itself, which it is told to open
/// (<see cref="AutoTransactionBehavior.Always"/>), so the save still commits before it returns and "saved" keeps meaning
/// "committed" for anyone who listens.
/// </remarks>
internal sealed class CommitInterceptor(PendingMessages pending, CommittedMessageSender sender, OutboxSignal signal,
    ITransport transport, MessagingMetrics metrics) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        eventData.Context is { } db && pending.For(db).HasUnwritten
            ? throw new InvalidOperationException("A unit of work that publishes or handles messages is saved with SaveChangesAsync.")
            : result;

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } db || pending.For(db) is not { HasUnwritten: true } rows)
        {
            return result;
        }

        if (db.Database.CurrentTransaction is { } current)
        {
            await WriteAsync(db, rows, current.GetDbTransaction(), cancellationToken);
        }
        else if (!db.ChangeTracker.HasChanges())
        {
            await WriteAloneAsync(db, rows, cancellationToken);
        }
        else
        {
            rows.WriteWhenTransactionStarts = true;
            rows.PreviousTransactionBehavior = db.Database.AutoTransactionBehavior;
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }

        return result;
    }

    public async ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && pending.For(db) is { WriteWhenTransactionStarts: true } rows)
        {
            rows.WriteWhenTransactionStarts = false;
            try
            {
                await WriteAsync(db, rows, result, cancellationToken);
                rows.WrittenInSaveTransaction = true;
            }
            catch
            {
                // The save fails before it holds the transaction: end it here, or the connection would stay inside it.
                await result.RollbackAsync(CancellationToken.None);
                throw;
            }
        }

        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        OnSaved(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && pending.For(db) is { } rows && rows.PreviousTransactionBehavior is { } previous)
        {
            db.Database.AutoTransactionBehavior = previous;
            rows.PreviousTransactionBehavior = null;
            if (rows.WriteWhenTransactionStarts)
            {
                // The save found nothing to write after all and opened no transaction.
                rows.WriteWhenTransactionStarts = false;
                await WriteAloneAsync(db, rows, cancellationToken);
            }
        }

        OnSaved(eventData.Context);
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetSave(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetSave(eventData.Context);
        return Task.CompletedTask;
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
        if (db is null)
        {
            return;
        }

        var rows = pending.For(db);
        if (rows.WrittenInSaveTransaction)
        {
            // The save's own transaction: its rows are written again by the next save, like its entities.
            rows.WrittenInSaveTransaction = false;
            rows.MarkUnwritten();
        }

        pending.TakeSaved(db);
    }

    private void ForgetSave(DbContext? db)
    {
        if (db is not null && pending.For(db) is { } rows && rows.PreviousTransactionBehavior is { } previous)
        {
            db.Database.AutoTransactionBehavior = previous;
            rows.PreviousTransactionBehavior = null;
            rows.WriteWhenTransactionStarts = false;
        }
    }

    private static async Task WriteAsync(DbContext db, UnitOfWorkRows rows, DbTransaction? transaction, CancellationToken cancellationToken) =>
        await EnvelopeRowWriter.WriteAsync(db.Database.GetDbConnection(), transaction, db.Database.GetCommandTimeout(), rows, cancellationToken);

    /// <summary>
    /// Nothing else to save: one statement, or one batch where the provider batches (PostgreSQL runs it in one implicit
    /// transaction), is atomic on its own; otherwise the statements get a transaction of their own, whose commit hands the
    /// rows over.
    /// </summary>
    private static async Task WriteAloneAsync(DbContext db, UnitOfWorkRows rows, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.GetDbConnection().CanCreateBatch || EnvelopeRowWriter.IsOneStatement(rows))
            {
                await WriteAsync(db, rows, null, cancellationToken);
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await WriteAsync(db, rows, transaction.GetDbTransaction(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private void Committed(DbContext? db)
    {
        if (db is null)
        {
            return;
        }

        pending.For(db).WrittenInSaveTransaction = false;
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
