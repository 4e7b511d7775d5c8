using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tellal.Platform.Http;
using Tellal.Platform.Security;
using Tellal.Reports.Requests.Quotas;

namespace Tellal.Reports.Requests.Submit;

internal static class SubmitReportEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/reports", HandleAsync)
            .WithTags("Reports")
            .WithName("SubmitReport")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Requester, TellalPolicies.Admin));

    private static async Task<Results<Accepted<AcceptedReport>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        SubmitReportRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpResponse response,
        SubmissionRateLimiter rateLimiter,
        SubmitReportValidator validator,
        SubmitReportHandler handler,
        IOptions<ReportQuotaOptions> quotaOptions,
        CancellationToken cancellationToken)
    {
        // First, before any database work: a flood is turned away as cheaply as possible.
        if (!rateLimiter.TryAcquire(user.GetUserId(), out var retryAfter))
        {
            return UserRateLimiter.TooManyRequests(response, retryAfter, "Too many report requests",
                "You are sending report requests faster than your share allows; wait and send again.");
        }

        if (IdempotencyKey.Check(idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var (submission, errors) = validator.Validate(request);
        if (submission is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The report request is not valid.");
        }

        var (report, refusal) = await handler.SubmitAsync(user, submission, idempotencyKey, cancellationToken);
        var quotas = quotaOptions.Value;
        return refusal switch
        {
            SubmitRefusal.None => TypedResults.Accepted($"/api/reports/{report!.Id}", new AcceptedReport(report.Id, report.Status)),
            SubmitRefusal.IdempotencyKeyReused => IdempotencyKey.Reused("request"),
            SubmitRefusal.TooManyUnfinished => UserRateLimiter.TooManyRequests(response, UnfinishedRetryAfter, "Too many unfinished reports",
                $"You have {quotas.MaxUnfinishedPerUser} reports waiting or running, the most allowed; wait for one to finish or cancel one."),
            SubmitRefusal.HighPriorityNotAllowed => TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["priority"] = [quotas.HighPriorityPerUser == 0
                    ? $"High priority is reserved to these roles: {quotas.HighPriorityRoles}; choose normal or low."
                    : $"You may have {quotas.HighPriorityPerUser} high-priority report(s) unfinished at a time; choose normal or low."],
            }, title: "The report request is not valid."),
            _ => throw new InvalidOperationException($"Unknown refusal {refusal}."),
        };
    }

    // A report takes seconds to minutes: a hint for clients that retry on their own, not a promise.
    private static readonly TimeSpan UnfinishedRetryAfter = TimeSpan.FromSeconds(30);
}
