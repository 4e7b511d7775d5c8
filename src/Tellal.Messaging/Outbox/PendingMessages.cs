using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport.Local;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// The messaging rows of each unit of work that have not been seen committed yet: outbox rows, rows of a Local queue, inbox
/// rows and the removal of handled Local queue rows. None is an entity the change tracker knows: the core writes them itself
/// (<see cref="EnvelopeRowWriter"/>) when the context saves, which costs a fraction of what tracking, change detection and
/// command building cost per row.
/// </summary>
internal sealed class PendingMessages
{
    private readonly ConditionalWeakTable<DbContext, UnitOfWorkRows> _rows = new();

    public void AddQueued(DbContext db, LocalQueueMessage row) => For(db).Queued.Add(row);

    public void DeleteQueued(DbContext db, long seq) => For(db).QueueDeletes.Add(seq);

    public void AddOutbox(DbContext db, OutboxMessage row) => For(db).Outbox.Add(row);

    public void AddInbox(DbContext db, InboxEntry row) => For(db).Inbox.Add(row);

    /// <summary>The rows of this context's current unit of work. A pooled context is leased again after a unit of work that
    /// never saved; rows left by an earlier lease are dropped, as the pool drops the tracked entities of that lease.</summary>
    public UnitOfWorkRows For(DbContext db)
    {
        var rows = _rows.GetOrCreateValue(db);
        rows.Renew(db.ContextId.Lease);
        return rows;
    }

    /// <summary>
    /// The rows whose INSERT has been executed, removed from the pending lists: at a commit these are the committed ones, at
    /// a rollback the ones that never existed.
    /// </summary>
    public List<StoredEnvelope> TakeSaved(DbContext db)
    {
        var rows = For(db);
        var saved = new List<StoredEnvelope>(rows.WrittenOutbox.Count + rows.WrittenQueued.Count);
        saved.AddRange(rows.WrittenOutbox);
        saved.AddRange(rows.WrittenQueued);
        rows.ClearWritten();
        return saved;
    }
}

/// <summary>One unit of work's messaging rows: those to write at the next save, and those written and not committed yet.</summary>
internal sealed class UnitOfWorkRows
{
    private int _lease = -1;

    public List<OutboxMessage> Outbox { get; } = [];
    public List<InboxEntry> Inbox { get; } = [];
    public List<OutboxMessage> WrittenOutbox { get; } = [];
    public List<InboxEntry> WrittenInbox { get; } = [];
    public List<LocalQueueMessage> Queued { get; } = [];
    public List<LocalQueueMessage> WrittenQueued { get; } = [];
    public List<long> QueueDeletes { get; } = [];
    public List<long> WrittenQueueDeletes { get; } = [];

    /// <summary>Set while a save has its rows written when the context's own transaction starts.</summary>
    public bool WriteWhenTransactionStarts { get; set; }

    /// <summary>The transaction behaviour to restore after such a save.</summary>
    public AutoTransactionBehavior? PreviousTransactionBehavior { get; set; }

    /// <summary>Set while rows written at the start of a save's own transaction wait for its end.</summary>
    public bool WrittenInSaveTransaction { get; set; }

    public bool HasUnwritten => Outbox.Count + Inbox.Count + Queued.Count + QueueDeletes.Count > 0;

    public void Renew(int lease)
    {
        if (lease != _lease)
        {
            _lease = lease;
            Outbox.Clear();
            Inbox.Clear();
            Queued.Clear();
            QueueDeletes.Clear();
            ClearWritten();
            WriteWhenTransactionStarts = false;
            PreviousTransactionBehavior = null;
            WrittenInSaveTransaction = false;
        }
    }

    public void MarkWritten()
    {
        Move(Outbox, WrittenOutbox);
        Move(Inbox, WrittenInbox);
        Move(Queued, WrittenQueued);
        Move(QueueDeletes, WrittenQueueDeletes);
    }

    public void ClearWritten()
    {
        WrittenOutbox.Clear();
        WrittenInbox.Clear();
        WrittenQueued.Clear();
        WrittenQueueDeletes.Clear();
    }

    /// <summary>The save that wrote them failed and its transaction rolled back: written again by the next save, as the
    /// change tracker keeps a failed save's entities added.</summary>
    public void MarkUnwritten()
    {
        foreach (var row in WrittenOutbox)
        {
            row.Seq = 0;
        }

        Move(WrittenOutbox, Outbox);
        Move(WrittenInbox, Inbox);
        Move(WrittenQueued, Queued);
        Move(WrittenQueueDeletes, QueueDeletes);
    }

    private static void Move<T>(List<T> from, List<T> to)
    {
        to.AddRange(from);
        from.Clear();
    }
}
