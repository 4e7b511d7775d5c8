using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// Until the node's prerequisites are in place, every request except probes gets 423 Locked with Retry-After
/// and a problem body saying what the node waits for, instead of failing half-way on a missing schema.
/// </summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (gate.IsOpen || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status423Locked;
        context.Response.Headers.RetryAfter = "2";
        await Results.Problem(statusCode: StatusCodes.Status423Locked, title: "Tellal is starting up",
            detail: $"This node is {gate.Status}. Try again in a moment.").ExecuteAsync(context);
    }
}
