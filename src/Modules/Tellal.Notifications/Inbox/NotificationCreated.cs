using Tellal.Messaging.Envelopes;

namespace Tellal.Notifications.Inbox;

/// <summary>Module-internal: a stored notification to push to the user's open tabs.</summary>
[MessageType("tellal.notifications.notification-created.v1")]
public sealed record NotificationCreated(Guid Id, Guid UserId, string Kind, Guid? ReportId, string Title, string Message, string? Url, DateTimeOffset CreatedAt);
