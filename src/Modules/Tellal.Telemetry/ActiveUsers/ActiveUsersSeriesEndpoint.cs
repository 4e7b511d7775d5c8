using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tellal.Platform.Security;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// <c>GET /api/telemetry/active-users/series?to=YYYY-MM-DD</c>: for each of the 90 UTC days ending with <c>to</c>
/// (today by default), oldest first, DAU and the 7, 14 and 30 days ending with it. Closed days come from the roll-up
/// (exact); a running day from Redis (HyperLogLog, 0.81% standard error) or, without Redis, the exact count.
/// </summary>
internal static class ActiveUsersSeriesEndpoint
{
    public const int Days = 90;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/telemetry/active-users/series", GetAsync)
            .WithTags("Telemetry")
            .WithName("GetActiveUsersSeries")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin, TellalPolicies.Approver));

    private static async Task<Ok<ActiveUsersSeries>> GetAsync(ActiveUsersFigures figures, TimeProvider time, DateOnly? to, CancellationToken cancellationToken)
    {
        var lastDay = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var series = await figures.SeriesAsync(lastDay, Days, cancellationToken);
        return TypedResults.Ok(new ActiveUsersSeries(lastDay, [.. series.Select(d => new ActiveUsersPoint(d.Day, d.Dau, d.Wau, d.TwoWeek, d.Mau))]));
    }
}

/// <summary>Field names are part of the stable API.</summary>
public sealed record ActiveUsersSeries(DateOnly To, IReadOnlyList<ActiveUsersPoint> Days);

public sealed record ActiveUsersPoint(DateOnly Day, int Dau, int Wau, int TwoWeek, int Mau);
