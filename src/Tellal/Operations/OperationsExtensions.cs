using System.Text.Json.Serialization;
using Tellal.Platform.Hosting;
using Tellal.Platform.Security;

namespace Tellal.Operations;

/// <summary>The live operations view of web nodes: its hub and the broadcaster behind it.</summary>
public static class OperationsExtensions
{
    public static IServiceCollection AddOperationsView(this IServiceCollection services)
    {
        services.AddSingleton<OperationsAudience>();
        services.AddSingleton<OperationsFigures>();
        services.AddSingleton<OperationsMetrics>();
        // Node states as names ("Stale"), as the HTTP API writes them, not numbers.
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<OperationsBroadcaster>();
        return services;
    }

    /// <summary>
    /// A scrape of <c>/metrics</c> first refreshes the snapshot the operations gauges report (at most one read per
    /// <see cref="OperationsFigures.FreshFor"/>, shared with the hub's watchers); until the node is open it reports none.
    /// </summary>
    public static IApplicationBuilder UseOperationsMetrics(this IApplicationBuilder app)
    {
        app.ApplicationServices.GetRequiredService<OperationsMetrics>();
        return app.UseWhen(context => context.Request.Path.StartsWithSegments("/metrics"), scrape => scrape.Use(async (context, next) =>
        {
            if (context.RequestServices.GetRequiredService<StartupGate>().IsOpen)
            {
                try
                {
                    await context.RequestServices.GetRequiredService<OperationsFigures>().ReadAsync(context.RequestAborted);
                }
                catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
                {
                    // A transport that cannot describe its queues must not cost the node its other metrics; the gauges
                    // go quiet once the snapshot they have grows old (OperationsMetrics.MaxAge).
                    context.RequestServices.GetRequiredService<ILogger<OperationsMetrics>>().LogWarning(exception, "The operations gauges could not be refreshed");
                }
            }

            await next(context);
        }));
    }

    public static IEndpointRouteBuilder MapOperationsView(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<OperationsHub>(OperationsHub.Path).RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));
        return endpoints;
    }
}
