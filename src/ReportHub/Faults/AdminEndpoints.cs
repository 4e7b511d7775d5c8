using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>Run-time control for drills and tests, behind X-Admin-Key: faults, "lose every job", statistics.</summary>
public static class AdminEndpoints
{
    public static void Map(WebApplication app)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(RequireAdminKey).ExcludeFromDescription();
        admin.MapGet("/faults", (FaultState faults) => Results.Ok(faults.Settings));
        admin.MapPut("/faults", (FaultSettings settings, FaultState faults) =>
        {
            faults.Apply(settings);
            return Results.NoContent();
        });
        admin.MapPost("/lose-jobs", async (JobStore store, CancellationToken cancellationToken) =>
        {
            // As if the provider's store had been restarted empty: jobs, idempotency keys and pending webhooks go.
            await store.LoseEverythingAsync(cancellationToken);
            return Results.NoContent();
        });
        admin.MapGet("/stats", (HubStatistics statistics) => Results.Ok(statistics.Snapshot()));
        admin.MapGet("/jobs", async (string reference, JobStore store, CancellationToken cancellationToken) =>
            Results.Ok((await store.FindByReferenceAsync(reference, cancellationToken)).Select(job => JobView.Of(job, null))));
    }

    private static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<ReportHubOptions>>().Value.AdminKey;
        var given = context.HttpContext.Request.Headers["X-Admin-Key"].ToString();
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected))
            ? await next(context)
            : Results.Problem(title: "A valid X-Admin-Key is required.", statusCode: StatusCodes.Status401Unauthorized);
    }
}
