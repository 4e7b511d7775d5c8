using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tellal.Platform.Http;

/// <summary>
/// A token bucket per user, kept in this node's memory: with several web nodes behind a proxy a user gets at most one
/// share per node. Used by the endpoints themselves rather than the rate-limiting middleware, so no other endpoint's
/// pipeline changes.
/// </summary>
public class UserRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public UserRateLimiter(int perMinute, int burst)
    {
        // One token at a time for human rates; above one a second, whole seconds' worth at once (no sub-second timers).
        var perToken = TimeSpan.FromMinutes(1) / perMinute;
        var (tokens, period) = perToken >= TimeSpan.FromSeconds(1)
            ? (1, perToken)
            : ((int)Math.Ceiling(perMinute / 60.0), TimeSpan.FromSeconds(1));
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ => bucket));
    }

    /// <summary>Takes one token from the user's bucket; when it is empty, says when the next token comes.</summary>
    public bool TryAcquire(Guid userId, out TimeSpan retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return lease.IsAcquired;
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds (at least one) and a problem body.</summary>
    public static ProblemHttpResult TooManyRequests(HttpResponse response, TimeSpan retryAfter, string title, string detail)
    {
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: title, detail: detail);
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
