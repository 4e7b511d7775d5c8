using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.External;

/// <summary>The provider's job producing a report (the latest submission), to poll it and to notice when it is lost.</summary>
public sealed class ExternalReportJob
{
    public Guid ReportId { get; set; }
    public string ProviderJobId { get; set; } = "";
    public DateTimeOffset SubmittedAt { get; set; }
    public int Submissions { get; set; }
}

/// <summary>A webhook already handled, by its webhook-id: a replay (or the provider's redelivery) finds it and does nothing.</summary>
public sealed class WebhookReceipt
{
    public string WebhookId { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
}

internal static class ExternalJobModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExternalReportJob>(job =>
        {
            job.ToTable("rpt_external_jobs");
            job.HasKey(j => j.ReportId);
            job.Property(j => j.ProviderJobId).HasMaxLength(100);
        });
        modelBuilder.Entity<WebhookReceipt>(receipt =>
        {
            receipt.ToTable("rpt_webhook_receipts");
            receipt.HasKey(r => r.WebhookId);
            receipt.Property(r => r.WebhookId).HasMaxLength(100);
            receipt.HasIndex(r => r.ReceivedAt);
        });
    }
}
