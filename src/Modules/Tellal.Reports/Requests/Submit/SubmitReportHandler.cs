using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Requests.Submit;

/// <summary>
/// Records the request and, in the same transaction, either queues the work or asks the approvers: the request
/// is accepted at once and nothing is half-done if the commit fails.
/// </summary>
public sealed class SubmitReportHandler(TellalDbContext db, IMessagePublisher publisher, ReportCatalog catalog, TimeProvider time)
{
    public async Task<ReportRequest> SubmitAsync(Guid ownerId, string ownerName, ValidSubmission submission, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await FindByKeyAsync(ownerId, idempotencyKey, cancellationToken) is { } existing)
        {
            return existing;
        }

        var now = time.GetUtcNow();
        var report = new ReportRequest
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            OwnerName = ownerName,
            ReportType = submission.Type.Name,
            Title = submission.Title,
            ParametersJson = JsonSerializer.Serialize(submission.Parameters.ToJson()),
            AsOf = submission.Parameters.AsOf,
            Format = submission.Format,
            Priority = submission.Priority,
            Lifetime = submission.Lifetime,
            IdempotencyKey = idempotencyKey,
            CreatedAt = now,
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
            ReportWork.Queue(publisher, report, catalog);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return report;
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent submit with the same key won the race: answer with its request.
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(ownerId, idempotencyKey, cancellationToken) ?? throw new InvalidOperationException("Idempotent submit lost its request.");
        }
    }

    private Task<ReportRequest?> FindByKeyAsync(Guid ownerId, string key, CancellationToken cancellationToken) =>
        db.Set<ReportRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.OwnerId == ownerId && r.IdempotencyKey == key, cancellationToken);
}
