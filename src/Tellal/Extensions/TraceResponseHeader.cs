using System.Diagnostics;

namespace Tellal.Extensions;

/// <summary>
/// Every traced response says which trace it belongs to (<c>traceresponse</c>, W3C Trace Context level 2:
/// <c>00-{trace-id}-{span-id}-{flags}</c>), so a client can find its request, and what it set off on other nodes, in
/// the collector (README, "Observability") without having sent a <c>traceparent</c> of its own.
/// </summary>
internal static class TraceResponseHeader
{
    public const string Name = "traceresponse";

    public static IApplicationBuilder UseTraceResponseHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // The request's activity, taken now: the callback may run where Activity.Current is another one.
            var activity = Activity.Current;
            if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers[Name] = $"00-{activity.TraceId}-{activity.SpanId}-{(activity.Recorded ? "01" : "00")}";
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
}
