using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// The messaging rows of each unit of work that have not been seen committed yet. Outbox and inbox rows are not entities
/// the change tracker knows: the core writes them itself (<see cref="EnvelopeRowWriter"/>) when the context saves, which
/// costs a fraction of what tracking, change detection and command building cost per row. Rows of a Local queue are
/// tracked entities (a handled message's row is deleted through the same context), and are only followed here.
/// </summary>
internal sealed class PendingMessages
{
    private readonly ConditionalWeakTable<DbContext, UnitOfWorkRows> _rows = new();

    public void AddTracked(DbContext db, StoredEnvelope row) => For(db).Tracked.Add(row);

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
        var saved = new List<StoredEnvelope>(rows.WrittenOutbox);
        rows.WrittenOutbox.Clear();
        rows.WrittenInbox.Clear();
        if (rows.Tracked.Count > 0)
        {
            saved.AddRange(rows.Tracked.FindAll(row => db.Entry(row).State == EntityState.Unchanged));
            rows.Tracked.RemoveAll(row => db.Entry(row).State is EntityState.Unchanged or EntityState.Detached);
        }

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
    public List<StoredEnvelope> Tracked { get; } = [];

    /// <summary>Set while a save has its rows written when the context's own transaction starts.</summary>
    public bool WriteWhenTransactionStarts { get; set; }

    /// <summary>The transaction behaviour to restore after such a save.</summary>
    public AutoTransactionBehavior? PreviousTransactionBehavior { get; set; }

    /// <summary>Set while rows written at the start of a save's own transaction wait for its end.</summary>
    public bool WrittenInSaveTransaction { get; set; }

    public bool HasUnwritten => Outbox.Count + Inbox.Count > 0;

    public void Renew(int lease)
    {
        if (lease != _lease)
        {
            _lease = lease;
            Outbox.Clear();
            Inbox.Clear();
            WrittenOutbox.Clear();
            WrittenInbox.Clear();
            Tracked.Clear();
            WriteWhenTransactionStarts = false;
            PreviousTransactionBehavior = null;
            WrittenInSaveTransaction = false;
        }
    }

    public void MarkWritten()
    {
        WrittenOutbox.AddRange(Outbox);
        WrittenInbox.AddRange(Inbox);
        Outbox.Clear();
        Inbox.Clear();
    }

    /// <summary>The save that wrote them failed and its transaction rolled back: written again by the next save, as the
    /// change tracker keeps a failed save's entities added.</summary>
    public void MarkUnwritten()
    {
        foreach (var row in WrittenOutbox)
        {
            row.Seq = 0;
        }

        Outbox.InsertRange(0, WrittenOutbox);
        Inbox.InsertRange(0, WrittenInbox);
        WrittenOutbox.Clear();
        WrittenInbox.Clear();
    }
}
