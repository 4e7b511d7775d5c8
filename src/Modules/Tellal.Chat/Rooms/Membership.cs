using Microsoft.EntityFrameworkCore;

namespace Tellal.Chat.Rooms;

/// <summary>Who may read and post in a room, and how far they have read (what makes the unread count).</summary>
public sealed class Membership
{
    public Guid RoomId { get; set; }
    public Guid UserId { get; set; }
    public long LastReadMessageId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Membership>(member =>
        {
            member.ToTable("cht_members");
            member.HasKey(m => new { m.RoomId, m.UserId });
            member.HasIndex(m => m.UserId);
        });
}
