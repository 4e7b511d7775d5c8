using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Reports.Files;

namespace Tellal.Reports.Requests.Manage;

/// <summary>The owner stops a report that is not done yet, or deletes one (its file goes with it).</summary>
internal static class ManageReportEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/reports/{id:guid}/cancel", CancelAsync).WithTags("Reports").WithName("CancelReport").RequireAuthorization();
        endpoints.MapDelete("/api/reports/{id:guid}", DeleteAsync).WithTags("Reports").WithName("DeleteReport").RequireAuthorization();
    }

    private static async Task<Results<Ok<ReportResponse>, ProblemHttpResult>> CancelAsync(
        Guid id, ClaimsPrincipal user, TellalDbContext db, IMessagePublisher publisher, TimeProvider time, CancellationToken ct)
    {
        var report = await db.FindOwnedAsync(user, id, ct);
        if (report is null)
        {
            return ReportAccess.NotFound();
        }

        if (report.Status is not (ReportStatus.PendingApproval or ReportStatus.Queued or ReportStatus.Running))
        {
            return ReportAccess.Conflict(report, "cancel");
        }

        // A running worker's progress writer reads the status every interval (ProgressInterval): it sees this and stops.
        WithdrawApprovalRequests(publisher, report);
        report.Status = ReportStatus.Cancelled;
        report.CompletedAt = time.GetUtcNow();
        report.Version++;
        return await db.SaveOrConflictAsync(report, "cancel", ct) ?? (Results<Ok<ReportResponse>, ProblemHttpResult>)TypedResults.Ok(ReportResponse.From(report));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, TellalDbContext db, IMessagePublisher publisher, IReportFileStore files, TimeProvider time, CancellationToken ct)
    {
        var report = await db.FindOwnedAsync(user, id, ct);
        if (report is null || report.Status == ReportStatus.Deleted)
        {
            return ReportAccess.NotFound();
        }

        var file = report.FileName;
        WithdrawApprovalRequests(publisher, report);
        report.Status = ReportStatus.Deleted;
        report.CompletedAt ??= time.GetUtcNow();
        report.FileName = null;
        report.Version++;
        if (await db.SaveOrConflictAsync(report, "delete", ct) is { } conflict)
        {
            return conflict;
        }

        await files.DeleteAsync(file, ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A request that no longer waits for an approver must not stay in every approver's inbox. Published in the same
    /// transaction as the change of status, so it is withdrawn exactly when the change is saved.
    /// </summary>
    private static void WithdrawApprovalRequests(IMessagePublisher publisher, ReportRequest report)
    {
        if (report.Status == ReportStatus.PendingApproval)
        {
            publisher.Publish(new NotificationsWithdrawn(report.Id, NotificationKinds.ApprovalRequested));
        }
    }
}
