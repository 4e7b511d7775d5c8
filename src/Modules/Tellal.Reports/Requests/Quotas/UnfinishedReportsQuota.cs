using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Envelopes;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Requests.Submit;

namespace Tellal.Reports.Requests.Quotas;

/// <summary>
/// Counts the user's unfinished reports in the database, so the caps hold across every web node. Two submits of the
/// same user at the very same moment may both pass the count: the per-user rate limit keeps that overshoot small.
/// </summary>
public sealed class UnfinishedReportsQuota(TellalDbContext db, IOptions<ReportQuotaOptions> options)
{
    public ReportQuotaOptions Options => options.Value;

    public async Task<SubmitRefusal> CheckAsync(ClaimsPrincipal user, MessagePriority priority, CancellationToken cancellationToken)
    {
        var userId = user.GetUserId();
        var unfinished = await db.Set<ReportRequest>()
            .Where(r => r.OwnerId == userId && (r.Status == ReportStatus.PendingApproval || r.Status == ReportStatus.Queued || r.Status == ReportStatus.Running))
            .GroupBy(r => r.Priority)
            .Select(g => new { Priority = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        if (unfinished.Sum(g => g.Count) >= Options.MaxUnfinishedPerUser)
        {
            return SubmitRefusal.TooManyUnfinished;
        }

        var high = unfinished.Where(g => g.Priority == MessagePriority.High).Sum(g => g.Count);
        return priority == MessagePriority.High && !MayAlwaysUseHigh(user) && high >= Options.HighPriorityPerUser
            ? SubmitRefusal.HighPriorityNotAllowed
            : SubmitRefusal.None;
    }

    private bool MayAlwaysUseHigh(ClaimsPrincipal user) => Options.HighPriorityRoleNames().Any(user.IsInRole);
}
