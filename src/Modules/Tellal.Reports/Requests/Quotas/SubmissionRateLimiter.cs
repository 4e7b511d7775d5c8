using Microsoft.Extensions.Options;
using Tellal.Platform.Http;

namespace Tellal.Reports.Requests.Quotas;

/// <summary>
/// Each user's bucket of report submissions on this node; the database-wide cap on unfinished reports bounds what
/// several web nodes let through together.
/// </summary>
public sealed class SubmissionRateLimiter(IOptions<ReportQuotaOptions> options)
    : UserRateLimiter(options.Value.SubmissionsPerMinute, options.Value.SubmissionBurst);
