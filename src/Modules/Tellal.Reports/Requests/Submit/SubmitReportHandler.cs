using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Requests.Quotas;

namespace Tellal.Reports.Requests.Submit;

/// <summary>
/// Records the request and, in the same transaction, either queues the work or asks the approvers: the request
/// is accepted at once and nothing is half-done if the commit fails.
/// </summary>
public sealed class SubmitReportHandler(TellalDbContext db, IMessagePublisher publisher, ReportWork work, UnfinishedReportsQuota quota, TimeProvider time)
{
    public async Task<(ReportRequest? Report, SubmitRefusal Refusal)> SubmitAsync(
        ClaimsPrincipal user, ValidSubmission submission, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var ownerId = user.GetUserId();
        var ownerName = user.GetUserName();
        var parametersJson = JsonSerializer.Serialize(submission.Parameters.ToJson());
        // A retry is answered before the quotas: the report it retries was within them when it was accepted.
        if (idempotencyKey is not null && await FindByKeyAsync(ownerId, idempotencyKey, cancellationToken) is { } existing)
        {
            return Retried(existing, submission, parametersJson);
        }

        if (await quota.CheckAsync(user, submission.Priority, cancellationToken) is not SubmitRefusal.None and var refusal)
        {
            return (null, refusal);
        }

        var report = new ReportRequest
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            OwnerName = ownerName,
            ReportType = submission.Type.Name,
            Title = submission.Title,
            ParametersJson = parametersJson,
            AsOf = submission.Parameters.AsOf,
            Format = submission.Format,
            Priority = submission.Priority,
            Lifetime = submission.Lifetime,
            IdempotencyKey = idempotencyKey,
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<ReportRequest>().Add(report);

        if (submission.Type.RequiresApproval(submission.Parameters))
        {
            report.Status = ReportStatus.PendingApproval;
            publisher.Publish(new NotificationRequested(null, TellalPolicies.Approver, NotificationKinds.ApprovalRequested,
                $"Approval needed: {report.Title}", $"{ownerName} asks for \"{report.Title}\" ({submission.Type.Title}), which needs an approver.",
                "/approvals", report.Id, Email: true));
        }
        else
        {
            report.Status = ReportStatus.Queued;
            await work.QueueAsync(report, cancellationToken);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (report, SubmitRefusal.None);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent submit with the same key won the race: answer with its request.
            db.ChangeTracker.Clear();
            var winner = await FindByKeyAsync(ownerId, idempotencyKey, cancellationToken) ?? throw new InvalidOperationException("Idempotent submit lost its request.");
            return Retried(winner, submission, parametersJson);
        }
    }

    /// <summary>
    /// The same key means the same request only with the same content, compared after validation (defaults filled
    /// in, so <c>{}</c> and the defaults spelled out are the same request); anything else is a client bug, not a retry.
    /// </summary>
    private static (ReportRequest? Report, SubmitRefusal Refusal) Retried(ReportRequest existing, ValidSubmission submission, string parametersJson) =>
        existing.ReportType == submission.Type.Name && existing.Title == submission.Title && existing.ParametersJson == parametersJson
        && existing.Format == submission.Format && existing.Priority == submission.Priority && existing.Lifetime == submission.Lifetime
            ? (existing, SubmitRefusal.None)
            : (null, SubmitRefusal.IdempotencyKeyReused);

    private Task<ReportRequest?> FindByKeyAsync(Guid ownerId, string key, CancellationToken cancellationToken) =>
        db.Set<ReportRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.OwnerId == ownerId && r.IdempotencyKey == key, cancellationToken);
}
