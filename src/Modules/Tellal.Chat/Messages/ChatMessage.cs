using Microsoft.EntityFrameworkCore;

namespace Tellal.Chat.Messages;

/// <summary>One message as posted. The text is stored as typed: clients show it as text, never as markup.</summary>
public sealed class ChatMessage
{
    /// <summary>Grows with every message (database-generated); clients page and catch up by it.</summary>
    public long Id { get; set; }

    public Guid RoomId { get; set; }
    public Guid AuthorId { get; set; }

    /// <summary>The author's name when posted, so history reads the same whatever happens to the account later.</summary>
    public string AuthorName { get; set; } = "";

    public string Text { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ChatMessage>(message =>
        {
            message.ToTable("cht_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.AuthorName).HasMaxLength(100);
            // Unbounded column: the limit is an option (ChatOptions.MaxMessageLength), checked when posting.
            message.HasIndex(m => new { m.RoomId, m.Id });
        });
}

/// <summary>A message as the API returns it and the hub pushes it (<c>chat</c> events).</summary>
public sealed record ChatMessageResponse(Guid RoomId, long Id, string Author, string Text, DateTimeOffset SentAt)
{
    public static ChatMessageResponse From(ChatMessage message) =>
        new(message.RoomId, message.Id, message.AuthorName, message.Text, message.SentAt);
}

public sealed record ChatMessagePage(IReadOnlyList<ChatMessageResponse> Items, bool HasMore);
