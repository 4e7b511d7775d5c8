using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Tellal.Reports.Requests.Quotas;

/// <summary>
/// A token bucket per user for report submissions, kept in this node's memory: with several web nodes behind a
/// proxy a user gets at most one share per node, which the database-wide cap on unfinished reports bounds anyway.
/// Used by the submit endpoint itself rather than the rate-limiting middleware, so no other endpoint's pipeline changes.
/// </summary>
public sealed class SubmissionRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public SubmissionRateLimiter(IOptions<ReportQuotaOptions> options)
    {
        var quotas = options.Value;
        // One token at a time for human rates; above one a second, whole seconds' worth at once (no sub-second timers).
        var perToken = TimeSpan.FromMinutes(1) / quotas.SubmissionsPerMinute;
        var (tokens, period) = perToken >= TimeSpan.FromSeconds(1)
            ? (1, perToken)
            : ((int)Math.Ceiling(quotas.SubmissionsPerMinute / 60.0), TimeSpan.FromSeconds(1));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = quotas.SubmissionBurst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => bucket));
    }

    /// <summary>Takes one submission from the user's bucket; when it is empty, says when the next token comes.</summary>
    public bool TryAcquire(Guid userId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
