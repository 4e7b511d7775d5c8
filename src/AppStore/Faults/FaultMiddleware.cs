using System.Globalization;

namespace AppStore;

/// <summary>
/// Applies the injected faults to the public API (/v1) only, never to /admin: latency first (a slow store), then
/// outage (503), rate limiting (429 + Retry-After) and random 500s.
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultState faults, StoreStatistics statistics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1"))
        {
            await next(context);
            return;
        }

        var latency = faults.NextLatency();
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, context.RequestAborted);
        }

        if (faults.InOutage)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "The store is down for maintenance.");
        }
        else if (faults.RetryAfterSeconds() is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests.");
        }
        else if (faults.FailsAtRandom())
        {
            await RefuseAsync(context, StatusCodes.Status500InternalServerError, "Unexpected error.");
        }
        else
        {
            await next(context);
        }

        statistics.CountResponse(context.Response.StatusCode);
    }

    private static Task RefuseAsync(HttpContext context, int status, string title) =>
        Results.Problem(title: title, statusCode: status).ExecuteAsync(context);
}
