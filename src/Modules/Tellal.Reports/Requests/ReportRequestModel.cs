using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Http;

namespace Tellal.Reports.Requests;

internal static class ReportRequestModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ReportRequest>(report =>
        {
            report.ToTable("rpt_requests");
            report.HasKey(r => r.Id);
            report.Property(r => r.OwnerName).HasMaxLength(100);
            report.Property(r => r.ReportType).HasMaxLength(100);
            report.Property(r => r.Title).HasMaxLength(200);
            report.Property(r => r.Format).HasConversion<string>().HasMaxLength(20);
            report.Property(r => r.Priority).HasConversion<string>().HasMaxLength(20);
            report.Property(r => r.Lifetime).HasConversion<string>().HasMaxLength(20);
            report.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            report.Property(r => r.Stage).HasMaxLength(50);
            report.Property(r => r.IdempotencyKey).HasMaxLength(IdempotencyKey.MaxLength);
            report.Property(r => r.ReviewedBy).HasMaxLength(100);
            report.Property(r => r.RejectionReason).HasMaxLength(500);
            report.Property(r => r.Error).HasMaxLength(2000);
            report.Property(r => r.FileName).HasMaxLength(200);
            report.Property(r => r.ContentType).HasMaxLength(100);
            report.Property(r => r.FileSha256).HasMaxLength(64);
            report.Property(r => r.Version).IsConcurrencyToken();
            report.Ignore(r => r.IsFinal);
            report.HasIndex(r => new { r.OwnerId, r.CreatedAt });
            report.HasIndex(r => new { r.Status, r.CreatedAt });
            // The operations view counts the reports that turned ready in the last minutes, every couple of seconds.
            report.HasIndex(r => r.CompletedAt);
            // Same key, same user: the same request (a retried submit must not create a second report).
            report.HasIndex(r => new { r.OwnerId, r.IdempotencyKey }).IsUnique();
        });
}
