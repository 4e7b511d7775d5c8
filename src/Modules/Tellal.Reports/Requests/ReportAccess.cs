using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Requests;

/// <summary>Who may see a report: its owner, and admins. Anyone else gets 404, not 403: the report's existence is private too.</summary>
internal static class ReportAccess
{
    public static IQueryable<ReportRequest> VisibleTo(this IQueryable<ReportRequest> reports, ClaimsPrincipal user)
    {
        if (user.IsInRole(TellalPolicies.Admin))
        {
            return reports;
        }

        var userId = user.GetUserId();
        return reports.Where(r => r.OwnerId == userId);
    }

    public static Task<ReportRequest?> FindVisibleAsync(this TellalDbContext db, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken) =>
        db.Set<ReportRequest>().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public static Task<ReportRequest?> FindOwnedAsync(this TellalDbContext db, ClaimsPrincipal user, Guid id, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        return db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == id && r.OwnerId == userId, cancellationToken);
    }

    public static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Report not found");

    public static ProblemHttpResult Conflict(ReportRequest report, string action) => Conflict(report.Status, action);

    /// <summary>With the status the owner sees (a report being produced is Running, see <see cref="Progress.RunningReports"/>).</summary>
    public static ProblemHttpResult Conflict(ReportStatus shown, string action) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"Cannot {action} this report",
            detail: $"The report is {shown}.");

    /// <summary>
    /// Saves a change of the report's state. When another request changed it first (its <see cref="ReportRequest.Version"/>
    /// moved, e.g. a cancel racing an approve), nothing of this one is saved and the answer is 409 with the state that won.
    /// </summary>
    public static async Task<ProblemHttpResult?> SaveOrConflictAsync(this TellalDbContext db, ReportRequest report, string action, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Set<ReportRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == report.Id, cancellationToken);
            return current is null ? NotFound() : Conflict(current, action);
        }
    }
}
