namespace Tellal.Notifications.Inbox;

/// <summary>One entry in a user's inbox; it outlives the popup, so a user who was away still sees it.</summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Url { get; set; }
    public Guid? ReportId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
