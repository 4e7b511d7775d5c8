using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tellal.Platform.Security;

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

/// <summary>SignalR addresses users by the token's subject (the user id), the same id messages carry.</summary>
internal sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.FindFirst(ClaimsPrincipalExtensions.UserIdClaim)?.Value;
}

/// <summary>The popup as the browser receives it.</summary>
public sealed record NotificationPayload(Guid Id, string Kind, Guid? ReportId, string Title, string Message, string? Url, DateTimeOffset CreatedAt);
