using Tellal.Messaging.Envelopes;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Requests;

public enum ReportStatus
{
    PendingApproval,
    Queued,
    Running,
    Ready,
    Rejected,
    Failed,
    Cancelled,
    Expired,
    Deleted,
}

/// <summary>One report a member of staff asked for, from the request to the file (and its end).</summary>
public sealed class ReportRequest
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public string OwnerName { get; set; } = "";
    public string ReportType { get; set; } = "";
    public string Title { get; set; } = "";

    /// <summary>The validated parameters with defaults filled in, as JSON: what the worker runs is what was approved.</summary>
    public string ParametersJson { get; set; } = "{}";

    /// <summary>The day the request was made: "last month" means the month before this day, however late it runs.</summary>
    public DateOnly AsOf { get; set; }

    public ReportFormat Format { get; set; }
    public MessagePriority Priority { get; set; }
    public ReportLifetime Lifetime { get; set; }
    public ReportStatus Status { get; set; }
    public int Progress { get; set; }
    public string? Stage { get; set; }
    public string? IdempotencyKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
    public string? RejectionReason { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public string? Error { get; set; }

    public string? FileName { get; set; }
    public string? ContentType { get; set; }
    public long? FileSize { get; set; }
    public string? FileSha256 { get; set; }

    /// <summary>Optimistic concurrency: a worker finishing a report the owner just cancelled must not win silently.</summary>
    public int Version { get; set; }

    public bool IsFinal => Status is ReportStatus.Ready or ReportStatus.Rejected or ReportStatus.Failed
        or ReportStatus.Cancelled or ReportStatus.Expired or ReportStatus.Deleted;
}
