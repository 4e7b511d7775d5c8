using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Pipeline;
using Tellal.Telemetry.Purchases;

namespace Tellal.Telemetry.Dashboard;

/// <summary>
/// <c>GET /api/telemetry/pipeline</c>: what the dashboard shows of the pipeline. The accept rate is the answering
/// node's (<see cref="IngestRate"/>); the rest is read from the shared database, so any web node gives the same figures.
/// A handful of lookups on indexes (the pending purchases are read through the status index): the page polls it.
/// </summary>
internal static class PipelineEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/telemetry/pipeline", GetAsync)
            .WithTags("Telemetry")
            .WithName("GetTelemetryPipeline")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin, TellalPolicies.Approver));

    private static async Task<Ok<PipelineStatus>> GetAsync(
        TellalDbContext db, IngestRate rate, IOptions<TelemetryOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var backlog = await IngestBacklog.StagedAsync(db, cancellationToken);
        var lease = await db.Set<MoverLease>().AsNoTracking().SingleOrDefaultAsync(l => l.Name == MoverLease.Mover, cancellationToken);
        // The holder renews the lease on every move, empty or not: the last renewal is its last move.
        DateTimeOffset? lastMove = lease is { Holder.Length: > 0 } ? lease.ExpiresAt - options.Value.MoverLease : null;
        var pending = db.Set<Purchase>().AsNoTracking().Where(p => p.Status == PurchaseStatus.Pending);
        var waiting = await pending.CountAsync(cancellationToken);
        var oldest = await pending.OrderBy(p => p.ReceivedAt).Select(p => (DateTimeOffset?)p.ReceivedAt).FirstOrDefaultAsync(cancellationToken);
        return TypedResults.Ok(new PipelineStatus(
            now,
            Math.Round(rate.PerSecond(), 1),
            backlog,
            lease is { Holder.Length: > 0 } && lease.ExpiresAt > now ? lease.Holder : null,
            lastMove,
            lastMove is { } moved ? Math.Max(0, (now - moved).TotalSeconds) : null,
            waiting,
            oldest is { } since ? (now - since).TotalSeconds : null));
    }
}

/// <summary>Field names are part of the stable API; seconds are rounded by the page, not here.</summary>
public sealed record PipelineStatus(
    DateTimeOffset At,
    double AcceptedPerSecond,
    long BacklogEvents,
    string? Mover,
    DateTimeOffset? LastMoveAt,
    double? MoverLagSeconds,
    int PurchasesPending,
    double? OldestPendingPurchaseSeconds);
