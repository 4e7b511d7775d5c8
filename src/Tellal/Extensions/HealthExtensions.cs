using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Extensions;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the node can do its work (schema in place,
/// database and transport reachable). Both are anonymous so orchestrators and load balancers can probe them.
/// </summary>
public static class HealthExtensions
{
    public static IServiceCollection AddTellalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StartupCheck>("startup", tags: [HealthTags.Ready])
            .AddCheck<DatabaseCheck>("database", tags: [HealthTags.Ready])
            .AddCheck<TransportCheck>("transport", tags: [HealthTags.Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapTellalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync })
            .AllowAnonymous();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var node = context.RequestServices.GetRequiredService<NodeIdentity>();
        var roles = context.RequestServices.GetRequiredService<RoleSet>();
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            node = node.Name,
            roles = roles.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    private sealed class StartupCheck(StartupGate gate) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(gate.IsOpen ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy(gate.Status));
    }

    private sealed class DatabaseCheck(IServiceScopeFactory scopes, StorageConnection connection) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy(connection.Provider.ToString())
                : HealthCheckResult.Unhealthy($"{connection.Provider} unreachable");
        }
    }

    /// <summary>Every transport some queue travels over (Kafka beside RabbitMQ, say), naming the ones that do not answer.</summary>
    private sealed class TransportCheck(ITransport transport) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var transports = transport.InUse();
            var healthy = await Task.WhenAll(transports.Select(t => t.IsHealthyAsync(cancellationToken)));
            var down = transports.Where((_, i) => !healthy[i]).Select(t => t.Name).ToList();
            return down.Count == 0
                ? HealthCheckResult.Healthy(string.Join(", ", transports.Select(t => t.Name)))
                : HealthCheckResult.Unhealthy($"{string.Join(", ", down)} unreachable");
        }
    }
}
