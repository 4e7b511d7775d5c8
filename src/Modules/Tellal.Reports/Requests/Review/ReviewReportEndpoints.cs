using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Requests.Review;

public sealed record RejectReportRequest(string? Reason);

/// <summary>Approvers release or refuse requests that need a second pair of eyes; nobody approves their own.</summary>
internal static class ReviewReportEndpoints
{
    public const int MaxReasonLength = 500;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/reports/{id:guid}")
            .WithTags("Reports")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Approver));
        group.MapPost("/approve", ApproveAsync).WithName("ApproveReport");
        group.MapPost("/reject", RejectAsync).WithName("RejectReport");
    }

    private static async Task<Results<Ok<ReportResponse>, ProblemHttpResult>> ApproveAsync(
        Guid id, ClaimsPrincipal user, TellalDbContext db, ReportWork work, TimeProvider time, CancellationToken ct)
    {
        var (report, problem) = await ReviewableAsync(db, user, id, "approve", ct);
        if (report is null)
        {
            return problem!;
        }

        report.Status = ReportStatus.Queued;
        report.ReviewedAt = time.GetUtcNow();
        report.ReviewedBy = user.GetUserName();
        report.Version++;
        await work.QueueAsync(report, ct);
        return await db.SaveOrConflictAsync(report, "approve", ct) ?? (Results<Ok<ReportResponse>, ProblemHttpResult>)TypedResults.Ok(ReportResponse.From(report));
    }

    private static async Task<Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>> RejectAsync(
        Guid id, RejectReportRequest request, ClaimsPrincipal user, TellalDbContext db, IMessagePublisher publisher, TimeProvider time, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > MaxReasonLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Required, at most {MaxReasonLength} characters."] });
        }

        var (report, problem) = await ReviewableAsync(db, user, id, "reject", ct);
        if (report is null)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        report.Status = ReportStatus.Rejected;
        report.ReviewedAt = now;
        report.ReviewedBy = user.GetUserName();
        report.RejectionReason = reason;
        report.CompletedAt = now;
        report.Version++;
        publisher.Publish(new NotificationRequested(report.OwnerId, null, NotificationKinds.ReportRejected, $"Rejected: {report.Title}",
            $"Your report \"{report.Title}\" was rejected by {report.ReviewedBy}: {reason}", $"/reports/{report.Id}", report.Id));
        return await db.SaveOrConflictAsync(report, "reject", ct) ?? (Results<Ok<ReportResponse>, ValidationProblem, ProblemHttpResult>)TypedResults.Ok(ReportResponse.From(report));
    }

    private static async Task<(ReportRequest? Report, ProblemHttpResult? Problem)> ReviewableAsync(
        TellalDbContext db, ClaimsPrincipal user, Guid id, string action, CancellationToken ct)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
        {
            return (null, ReportAccess.NotFound());
        }

        if (report.OwnerId == user.GetUserId())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"You cannot {action} your own request",
                detail: "Another approver has to review it."));
        }

        return report.Status == ReportStatus.PendingApproval ? (report, null) : (null, ReportAccess.Conflict(report, action));
    }
}
