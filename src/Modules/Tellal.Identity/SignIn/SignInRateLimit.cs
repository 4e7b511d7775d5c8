using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tellal.Identity.SignIn;

/// <summary>
/// How often one client address may ask to sign in at all (token and form alike): each attempt costs a password hash,
/// and the throttle's waits alone do not stop many attempts in parallel. A token bucket from the framework's rate
/// limiting, one per address (idle ones are dropped by the limiter itself). Over the limit: the endpoint's own
/// refusal, with Retry-After, and no password is checked.
/// </summary>
internal sealed class SignInRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInRateLimit(IOptions<AuthOptions> options)
    {
        var perMinute = options.Value.SignIn.RequestsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) / perMinute,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Puts the limit in front of a sign-in endpoint; <paramref name="refuse"/> is its answer when over it.</summary>
    public static TBuilder Apply<TBuilder>(TBuilder endpoint, Func<HttpContext, IResult> refuse)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            using var lease = http.RequestServices.GetRequiredService<SignInRateLimit>()._limiter.AttemptAcquire(ClientAddress.Of(http));
            if (lease.IsAcquired)
            {
                return await next(context);
            }

            if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return refuse(http);
        });
        return endpoint;
    }

    public void Dispose() => _limiter.Dispose();
}
