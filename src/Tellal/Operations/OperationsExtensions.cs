using System.Text.Json.Serialization;
using Tellal.Platform.Security;

namespace Tellal.Operations;

/// <summary>The live operations view of web nodes: its hub and the broadcaster behind it.</summary>
public static class OperationsExtensions
{
    public static IServiceCollection AddOperationsView(this IServiceCollection services)
    {
        services.AddSingleton<OperationsAudience>();
        // Node states as names ("Stale"), as the HTTP API writes them, not numbers.
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddHostedService<OperationsBroadcaster>();
        return services;
    }

    public static IEndpointRouteBuilder MapOperationsView(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHub<OperationsHub>(OperationsHub.Path).RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));
        return endpoints;
    }
}
