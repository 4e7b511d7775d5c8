using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Notifications;

/// <summary>
/// The notifications of this kind about this report no longer ask anything of anyone (e.g. the approval requests
/// of a report its owner cancelled): they leave every recipient's inbox and unread count.
/// </summary>
[MessageType("tellal.notifications.notifications-withdrawn.v1")]
public sealed record NotificationsWithdrawn(Guid ReportId, string Kind);
