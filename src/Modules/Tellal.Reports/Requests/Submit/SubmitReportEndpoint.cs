using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tellal.Platform.Security;

namespace Tellal.Reports.Requests.Submit;

internal static class SubmitReportEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxIdempotencyKeyLength = 100;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/reports", HandleAsync)
            .WithTags("Reports")
            .WithName("SubmitReport")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Requester, TellalPolicies.Admin));

    private static async Task<Results<Accepted<AcceptedReport>, ValidationProblem>> HandleAsync(
        SubmitReportRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        SubmitReportValidator validator,
        SubmitReportHandler handler,
        CancellationToken cancellationToken)
    {
        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = [$"1 to {MaxIdempotencyKeyLength} characters."],
            });
        }

        var (submission, errors) = validator.Validate(request);
        if (submission is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The report request is not valid.");
        }

        var report = await handler.SubmitAsync(user.GetUserId(), user.GetUserName(), submission, idempotencyKey, cancellationToken);
        return TypedResults.Accepted($"/api/reports/{report.Id}", new AcceptedReport(report.Id, report.Status));
    }
}
