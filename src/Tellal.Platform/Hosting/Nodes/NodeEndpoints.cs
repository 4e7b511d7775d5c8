using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Nodes;

public enum NodeState
{
    Ready,
    NotReady,

    /// <summary>Silent for longer than <see cref="NodeHeartbeatOptions.StaleAfter"/>: killed, hung or cut off from the database.</summary>
    Stale,

    /// <summary>Shut down cleanly.</summary>
    Stopped,
}

public sealed record NodeResponse(
    string InstanceId, string Name, string Host, int ProcessId, IReadOnlyList<string> Roles, string Version,
    DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, NodeState State, IReadOnlyDictionary<string, NodeCheck> Checks);

/// <summary><c>GET /api/admin/nodes</c>: every node of the deployment as its last heartbeat described it (admins only).</summary>
public static class NodeEndpoints
{
    public static IEndpointRouteBuilder MapNodeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/admin/nodes", ListAsync)
            .WithTags("Nodes")
            .WithName("ListNodes")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));
        return endpoints;
    }

    private static async Task<Results<Ok<List<NodeResponse>>, ProblemHttpResult>> ListAsync(
        TellalDbContext db, IOptions<NodeHeartbeatOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await ReadAsync(db, options.Value, time.GetUtcNow(), cancellationToken));
        }
        catch (DbException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The node list cannot be read right now", detail: "The database does not answer; try again in a moment.");
        }
    }

    /// <summary>Every node as its last heartbeat described it, its state judged at <paramref name="now"/>.</summary>
    public static async Task<List<NodeResponse>> ReadAsync(TellalDbContext db, NodeHeartbeatOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await db.Set<NodeHeartbeat>().AsNoTracking().ToListAsync(cancellationToken);
        return rows
            .OrderBy(n => n.NodeName, StringComparer.Ordinal).ThenBy(n => n.StartedAt)
            .Select(n => new NodeResponse(n.InstanceId, n.NodeName, n.Host, n.ProcessId,
                n.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries), n.Version, n.StartedAt, n.LastSeenAt,
                StateOf(n, now, options.StaleAfter),
                JsonSerializer.Deserialize<Dictionary<string, NodeCheck>>(n.Checks) ?? []))
            .ToList();
    }

    private static NodeState StateOf(NodeHeartbeat node, DateTimeOffset now, TimeSpan staleAfter) =>
        node.StoppedAt is not null ? NodeState.Stopped
        : now - node.LastSeenAt > staleAfter ? NodeState.Stale
        : node.Ready ? NodeState.Ready
        : NodeState.NotReady;
}
