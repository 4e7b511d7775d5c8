using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AppStore;

/// <summary>Run-time control for drills and tests, behind X-Admin-Key: faults and statistics.</summary>
public static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAdminKey);
        admin.MapGet("/faults", (FaultState faults) => Results.Ok(faults.Settings));
        admin.MapPut("/faults", (FaultSettings settings, FaultState faults) =>
        {
            faults.Apply(settings);
            return Results.NoContent();
        });
        admin.MapGet("/stats", (StoreStatistics statistics) => Results.Ok(statistics.Snapshot()));
    }

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<AppStoreOptions>>().Value.AdminKey;
        var given = context.HttpContext.Request.Headers["X-Admin-Key"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            ? await next(context)
            : Results.Problem(title: "A valid X-Admin-Key is required.", statusCode: StatusCodes.Status401Unauthorized);
    }
}
