using Microsoft.EntityFrameworkCore;

namespace Tellal.Chat.Rooms;

public enum RoomKind
{
    /// <summary>A company-wide channel (<c>#reports</c>) an admin created and whose members an admin manages.</summary>
    Channel,

    /// <summary>A conversation between two staff members, opened by either of them; its members never change.</summary>
    Direct,
}

public sealed class Room
{
    public Guid Id { get; set; }
    public RoomKind Kind { get; set; }

    /// <summary>A channel's name without the '#'; null for a direct conversation (each side sees the other's name).</summary>
    public string? Name { get; set; }

    /// <summary>The two user ids of a direct conversation, smaller first: unique, so two people have one conversation.</summary>
    public string? DirectKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the newest message was posted. Posting updates it first, which also takes the room's row lock: posts to one
    /// room commit one after the other, so their ids grow in commit order and "after id" never skips a message.
    /// </summary>
    public DateTimeOffset? LastMessageAt { get; set; }

    public static string DirectKeyOf(Guid a, Guid b) => a.CompareTo(b) < 0 ? $"{a:N}:{b:N}" : $"{b:N}:{a:N}";

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Room>(room =>
        {
            room.ToTable("cht_rooms");
            room.HasKey(r => r.Id);
            room.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            room.Property(r => r.Name).HasMaxLength(ChannelName.MaxLength);
            room.Property(r => r.DirectKey).HasMaxLength(65);
            room.HasIndex(r => r.Name).IsUnique();
            room.HasIndex(r => r.DirectKey).IsUnique();
        });
}
