using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Notifications;

/// <summary>
/// Ask for a notification: kept in the recipient's inbox (so an offline user sees it later), pushed to their open
/// browser tabs and, unless <see cref="Email"/> is false, emailed. Addressed to one user or to every user of a role.
/// </summary>
[MessageType("tellal.notifications.notification-requested.v1")]
public sealed record NotificationRequested(
    Guid? UserId,
    string? Role,
    string Kind,
    string Title,
    string Message,
    string? Url,
    Guid? ReportId,
    bool Email = true);

/// <summary>Notification kinds other modules use; the UI styles popups by kind.</summary>
public static class NotificationKinds
{
    public const string ReportReady = "report.ready";
    public const string ReportFailed = "report.failed";
    public const string ReportRejected = "report.rejected";
    public const string ApprovalRequested = "report.approval-requested";
    public const string RentalConfirmed = "rental-confirmed";
    public const string RentalRejected = "rental-rejected";
    public const string ChatMention = "chat.mention";
}
