using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// <c>GET /api/telemetry/revenue?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: verified purchases per game and currency over
/// those UTC days (both included; the last 30 days by default), at the prices the store confirmed. Only verified
/// purchases are revenue; pending and rejected ones are counted beside it, never summed into it.
/// </summary>
internal static class RevenueEndpoint
{
    public const int MaxDays = 366;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/telemetry/revenue", GetAsync)
            .WithTags("Telemetry")
            .WithName("GetVerifiedRevenue")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin, TellalPolicies.Approver));

    private static async Task<Results<Ok<RevenueResponse>, ValidationProblem>> GetAsync(
        TellalDbContext db, TimeProvider time, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var lastDay = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstDay = from ?? lastDay.AddDays(-29);
        if (firstDay > lastDay || lastDay.DayNumber - firstDay.DayNumber >= MaxDays)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"On or before to, at most {MaxDays} days before it."] });
        }

        var start = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var inRange = db.Set<Purchase>().AsNoTracking().Where(p => p.OccurredAt >= start && p.OccurredAt < end);
        var games = await inRange.Where(p => p.Status == PurchaseStatus.Verified)
            .GroupBy(p => new { p.GameId, p.Currency })
            .Select(g => new { g.Key.GameId, g.Key.Currency, Purchases = g.Count(), Micros = g.Sum(p => p.PriceMicros ?? 0) })
            .ToListAsync(cancellationToken);
        var byStatus = await inRange.GroupBy(p => p.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RevenueResponse(firstDay, lastDay,
            [.. games.OrderBy(g => g.GameId).ThenBy(g => g.Currency).Select(g => new GameRevenue(g.GameId, g.Currency!, g.Purchases, g.Micros / 1_000_000m))],
            byStatus.FirstOrDefault(s => s.Status == PurchaseStatus.Pending)?.Count ?? 0,
            byStatus.FirstOrDefault(s => s.Status == PurchaseStatus.Rejected)?.Count ?? 0));
    }
}

/// <summary>Field names are part of the stable API.</summary>
public sealed record RevenueResponse(DateOnly From, DateOnly To, IReadOnlyList<GameRevenue> Games, int Pending, int Rejected);

public sealed record GameRevenue(long GameId, string Currency, int Purchases, decimal Revenue);
