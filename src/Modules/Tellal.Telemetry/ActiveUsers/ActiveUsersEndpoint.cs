using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tellal.Platform.Security;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// <c>GET /api/telemetry/active-users?days=1|7|14|30&amp;to=YYYY-MM-DD</c>: distinct players with an event in the
/// <c>days</c> UTC days ending with <c>to</c> (today by default): a closed day's rolled-up exact count, or for a running
/// day Redis's estimate (or, without Redis, the exact count), see <see cref="ActiveUsersFigures"/>.
/// </summary>
internal static class ActiveUsersEndpoint
{
    private static readonly int[] Windows = [1, 7, 14, 30];

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/telemetry/active-users", GetAsync)
            .WithTags("Telemetry")
            .WithName("GetActiveUsers")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin, TellalPolicies.Approver));

    private static async Task<Results<Ok<ActiveUsersResponse>, ValidationProblem>> GetAsync(
        ActiveUsersFigures figures, TimeProvider time, int? days, DateOnly? to, CancellationToken cancellationToken)
    {
        var window = days ?? 1;
        if (!Windows.Contains(window))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"One of {string.Join(", ", Windows)}."] });
        }

        var lastDay = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var count = await figures.CountAsync(lastDay, window, cancellationToken);
        return TypedResults.Ok(new ActiveUsersResponse(window, lastDay, count));
    }
}

/// <summary>Field names are part of the stable API.</summary>
public sealed record ActiveUsersResponse(int Days, DateOnly To, int ActiveUsers);
