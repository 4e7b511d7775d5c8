using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.Files;

/// <summary>One slice of a report file stored in the database, in order by <see cref="Index"/>.</summary>
internal sealed class ReportFileChunk
{
    public required string FileName { get; init; }

    public required int Index { get; init; }

    public required byte[] Data { get; init; }

    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ReportFileChunk>(chunk =>
        {
            chunk.ToTable("rpt_file_chunks");
            chunk.HasKey(c => new { c.FileName, c.Index });
            chunk.Property(c => c.FileName).HasMaxLength(200);
        });
}
