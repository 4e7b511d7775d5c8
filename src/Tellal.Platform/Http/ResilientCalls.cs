using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Platform.Http;

/// <summary>How calls to a third party ride out its bad moments; each caller's options map their settings to it.</summary>
public sealed record ResilientCalls(
    TimeSpan AttemptTimeout,
    TimeSpan TotalTimeout,
    int MaxRetries,
    TimeSpan RetryDelay,
    TimeSpan BreakDuration,
    double FailureRatio,
    TimeSpan SamplingDuration,
    int MinimumThroughput);

public static class ResilientCallsExtensions
{
    /// <summary>
    /// The standard resilience pipeline, outermost first: total timeout, retries (exponential with jitter, honouring
    /// Retry-After), circuit breaker, attempt timeout. Handlers added after it (e.g. a request signature) run inside
    /// it, once per attempt.
    /// </summary>
    public static IHttpClientBuilder AddResilientCalls(this IHttpClientBuilder client, ResilientCalls calls)
    {
        client.AddStandardResilienceHandler(resilience =>
        {
            resilience.TotalRequestTimeout.Timeout = calls.TotalTimeout;
            resilience.AttemptTimeout.Timeout = calls.AttemptTimeout;
            resilience.Retry.MaxRetryAttempts = calls.MaxRetries;
            resilience.Retry.Delay = calls.RetryDelay;
            resilience.Retry.UseJitter = true;
            resilience.Retry.ShouldRetryAfterHeader = true;
            resilience.CircuitBreaker.BreakDuration = calls.BreakDuration;
            resilience.CircuitBreaker.FailureRatio = calls.FailureRatio;
            resilience.CircuitBreaker.SamplingDuration = calls.SamplingDuration;
            resilience.CircuitBreaker.MinimumThroughput = calls.MinimumThroughput;
        });
        return client;
    }
}
