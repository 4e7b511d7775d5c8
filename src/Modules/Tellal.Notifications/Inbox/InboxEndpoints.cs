using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Notifications.Push;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Notifications.Inbox;

public sealed record InboxResponse(int Unread, IReadOnlyList<InboxItem> Items);

public sealed record InboxItem(Guid Id, string Kind, Guid? ReportId, string Title, string Message, string? Url, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>The signed-in user's own inbox; nobody can read or mark another user's notifications.</summary>
internal static class InboxEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListNotifications");
        group.MapPost("/{id:guid}/read", MarkReadAsync).WithName("MarkNotificationRead");
    }

    /// <summary>
    /// Newest first. <paramref name="since"/> (inclusive, so nothing created in the same instant is lost; clients drop
    /// ids they already have) is how a client that was disconnected catches up on the popups it missed.
    /// </summary>
    private static async Task<Ok<InboxResponse>> ListAsync(
        ClaimsPrincipal user, TellalDbContext db, bool? unreadOnly, DateTimeOffset? since, int? limit, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var mine = db.Set<Notification>().AsNoTracking().Where(n => n.UserId == userId);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        var wanted = unreadOnly == true ? mine.Where(n => n.ReadAt == null) : mine;
        if (since is { } from)
        {
            wanted = wanted.Where(n => n.CreatedAt >= from);
        }

        var items = await wanted
            .OrderByDescending(n => n.CreatedAt)
            .Take(Math.Clamp(limit ?? 50, 1, 500))
            .Select(n => new InboxItem(n.Id, n.Kind, n.ReportId, n.Title, n.Message, n.Url, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new InboxResponse(unread, items));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkReadAsync(Guid id, ClaimsPrincipal user, TellalDbContext db, TimeProvider time, CancellationToken ct)
    {
        var userId = user.GetUserId();
        var notification = await db.Set<Notification>().FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Notification not found");
        }

        notification.ReadAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static void MapHub(IEndpointRouteBuilder endpoints)
    {
        var hub = endpoints.ServiceProvider.GetRequiredService<IOptions<NotificationHubOptions>>().Value;
        endpoints.MapHub<NotificationHub>(NotificationHub.Path, options => options.Transports = hub.Transports)
            .BindConnectionsToUsers();
    }
}
