using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Transport.Local;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Storage;

/// <summary>The messaging tables. Column names are explicit because the relay and the Local transport use raw SQL.</summary>
public sealed class MessagingModel : IModelContributor
{
    public const string OutboxTable = "msg_outbox";
    public const string InboxTable = "msg_inbox";
    public const string DeadLetterTable = "msg_dead_letters";
    public const string LocalQueueTable = "msg_local_queue";
    public const string DeliveryCountTable = "msg_delivery_counts";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable(OutboxTable);
            outbox.HasKey(m => m.Seq);
            outbox.Property(m => m.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
            MapEnvelope(outbox);
            outbox.Property(m => m.Destination).HasColumnName("destination").HasMaxLength(200);
            outbox.Property(m => m.DueAt).HasColumnName("due_at");
            outbox.Property(m => m.LeaseUntil).HasColumnName("lease_until");
            outbox.Property(m => m.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200);
            outbox.HasIndex(m => new { m.DueAt, m.Seq }).HasDatabaseName("ix_msg_outbox_due");
        });

        modelBuilder.Entity<InboxEntry>(inbox =>
        {
            inbox.ToTable(InboxTable);
            inbox.HasKey(e => new { e.Consumer, e.MessageId });
            inbox.Property(e => e.Consumer).HasColumnName("consumer").HasMaxLength(200);
            inbox.Property(e => e.MessageId).HasColumnName("message_id").HasConversion<string>().HasMaxLength(36);
            inbox.Property(e => e.HandledAt).HasColumnName("handled_at");
            inbox.HasIndex(e => e.HandledAt).HasDatabaseName("ix_msg_inbox_handled_at");
        });

        modelBuilder.Entity<DeadLetter>(dead =>
        {
            dead.ToTable(DeadLetterTable);
            dead.HasKey(d => d.Id);
            dead.Property(d => d.Id).HasColumnName("id").HasConversion<string>().HasMaxLength(36);
            MapEnvelope(dead);
            dead.Property(d => d.Queue).HasColumnName("queue").HasMaxLength(200);
            dead.Property(d => d.Attempts).HasColumnName("attempts");
            dead.Property(d => d.Reason).HasColumnName("reason").HasMaxLength(2000);
            dead.Property(d => d.Exception).HasColumnName("exception");
            dead.Property(d => d.FailedAt).HasColumnName("failed_at");
            dead.Property(d => d.ReplayedAt).HasColumnName("replayed_at");
            dead.HasIndex(d => d.FailedAt).HasDatabaseName("ix_msg_dead_letters_failed_at");
        });

        modelBuilder.Entity<LocalQueueMessage>(queue =>
        {
            queue.ToTable(LocalQueueTable);
            queue.HasKey(m => m.Seq);
            queue.Property(m => m.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
            MapEnvelope(queue);
            queue.Property(m => m.Queue).HasColumnName("queue").HasMaxLength(200);
            queue.Property(m => m.VisibleAt).HasColumnName("visible_at");
            queue.Property(m => m.LeaseUntil).HasColumnName("lease_until");
            queue.Property(m => m.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(200);
            queue.Property(m => m.DeliveryCount).HasColumnName("delivery_count");
            // Claims scan one queue in priority order; the partial order within a priority is arrival.
            queue.HasIndex(m => new { m.Queue, m.Priority, m.Seq }).IsDescending(false, true, false)
                .HasDatabaseName("ix_msg_local_queue_claim");
        });

        modelBuilder.Entity<DeliveryCount>(count =>
        {
            count.ToTable(DeliveryCountTable);
            count.HasKey(c => new { c.Queue, c.MessageId, c.Attempt });
            count.Property(c => c.Queue).HasColumnName("queue").HasMaxLength(200);
            count.Property(c => c.MessageId).HasColumnName("message_id").HasConversion<string>().HasMaxLength(36);
            count.Property(c => c.Attempt).HasColumnName("attempt");
            count.Property(c => c.Deliveries).HasColumnName("deliveries");
            count.Property(c => c.DeliveredAt).HasColumnName("delivered_at");
        });
    }

    private static void MapEnvelope<T>(EntityTypeBuilder<T> entity)
        where T : StoredEnvelope
    {
        // Message ids are text on every provider: raw SQL then binds and compares them the same way everywhere.
        entity.Property(e => e.MessageId).HasColumnName("message_id").HasConversion<string>().HasMaxLength(36);
        entity.Property(e => e.Type).HasColumnName("type").HasMaxLength(200);
        entity.Property(e => e.Source).HasColumnName("source").HasMaxLength(300);
        entity.Property(e => e.Subject).HasColumnName("subject").HasMaxLength(300);
        entity.Property(e => e.Time).HasColumnName("time");
        entity.Property(e => e.TraceParent).HasColumnName("traceparent").HasMaxLength(100);
        entity.Property(e => e.ContentType).HasColumnName("content_type").HasMaxLength(100);
        entity.Property(e => e.Priority).HasColumnName("priority");
        entity.Property(e => e.Attempt).HasColumnName("attempt");
        entity.Property(e => e.Data).HasColumnName("data");
    }
}
