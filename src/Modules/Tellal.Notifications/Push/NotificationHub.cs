using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Tellal.Notifications.Push;

/// <summary>
/// <c>/hubs/notifications</c>: the server calls <c>notification</c> on every open tab of the user. Clients only
/// listen; what they missed while away is in <c>GET /api/notifications</c>.
/// </summary>
[Authorize]
public sealed class NotificationHub : Hub
{
    public const string Path = "/hubs/notifications";
    public const string NotificationMethod = "notification";
}

/// <summary>The popup as the browser receives it.</summary>
public sealed record NotificationPayload(Guid Id, string Kind, Guid? ReportId, string Title, string Message, string? Url, DateTimeOffset CreatedAt);
