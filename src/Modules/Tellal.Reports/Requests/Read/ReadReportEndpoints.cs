using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Files;
using Tellal.Reports.Progress;

namespace Tellal.Reports.Requests.Read;

internal static class ReadReportEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization();
        group.MapGet("/", ListAsync).WithName("ListReports");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetReport");
        group.MapGet("/{id:guid}/file", DownloadAsync).WithName("DownloadReport");
        endpoints.MapGet("/api/approvals", PendingApprovalsAsync).WithTags("Reports").WithName("ListPendingApprovals")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Approver));
    }

    /// <summary>The caller's own reports, newest first; admins see everyone's. Deleted ones only when asked for.</summary>
    private static async Task<Results<Ok<List<ReportResponse>>, ValidationProblem>> ListAsync(
        ClaimsPrincipal user, TellalDbContext db, string? status, int? limit, CancellationToken ct)
    {
        var reports = db.Set<ReportRequest>().AsNoTracking().VisibleTo(user);
        if (status is not null)
        {
            if (!Enum.TryParse<ReportStatus>(status, ignoreCase: true, out var wanted) || int.TryParse(status, out _))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"One of: {string.Join(", ", Enum.GetNames<ReportStatus>())}."],
                });
            }

            reports = reports.WithStatus(wanted, db.Set<ReportRunProgress>());
        }
        else
        {
            reports = reports.Where(r => r.Status != ReportStatus.Deleted);
        }

        var page = await reports.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(ct);
        var runs = await db.RunsOfAsync(page, ct);
        return TypedResults.Ok(page.Select(r => ReportResponse.From(r, runs.GetValueOrDefault(r.Id))).ToList());
    }

    private static async Task<Results<Ok<ReportResponse>, ProblemHttpResult>> GetAsync(Guid id, ClaimsPrincipal user, TellalDbContext db, CancellationToken ct) =>
        await db.FindVisibleAsync(user, id, ct) is { } report ? TypedResults.Ok(await db.ResponseAsync(report, ct)) : ReportAccess.NotFound();

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        Guid id, ClaimsPrincipal user, TellalDbContext db, IReportFileStore files, CancellationToken ct)
    {
        var report = await db.FindVisibleAsync(user, id, ct);
        if (report is null)
        {
            return ReportAccess.NotFound();
        }

        if (report.Status != ReportStatus.Ready || report.FileName is null)
        {
            return ReportAccess.Conflict((await db.ResponseAsync(report, ct)).Status, "download");
        }

        var stream = await files.OpenReadAsync(report.FileName, ct);
        return stream is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status410Gone, title: "The report file is gone")
            : TypedResults.File(stream, report.ContentType, DownloadName(report));
    }

    /// <summary>Requests waiting for an approver, oldest first, with their parameters.</summary>
    private static async Task<Ok<List<ReportResponse>>> PendingApprovalsAsync(TellalDbContext db, CancellationToken ct)
    {
        var pending = await db.Set<ReportRequest>().AsNoTracking()
            .Where(r => r.Status == ReportStatus.PendingApproval)
            .OrderBy(r => r.CreatedAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(pending.Select(ReportResponse.From).ToList());
    }

    private static string DownloadName(ReportRequest report)
    {
        var safe = new string(report.Title.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return $"{(safe.Length == 0 ? report.ReportType : safe)}{Path.GetExtension(report.FileName)}";
    }
}
