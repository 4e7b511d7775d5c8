namespace Tellal.Reports.Files;

public sealed record StoredReportFile(string FileName, long Size, string Sha256);

/// <summary>
/// Where report files live. A worker writes a file, any web node streams it back: in distributed mode they are
/// different machines, so the store must be one every node reaches (see docs/architecture.md, "Report files").
/// </summary>
public interface IReportFileStore
{
    /// <summary>
    /// Renders through <paramref name="write"/> and stores the result whole or not at all (a rewrite replaces it). The
    /// database store adds the file to the scope's unit of work, so it is stored by the caller's commit, together with
    /// the report that names it; the file system store writes it at once (a file whose report did not commit is a
    /// stray, removed when the message comes back).
    /// </summary>
    Task<StoredReportFile> WriteAsync(Guid reportId, string extension, Func<Stream, Task> write, CancellationToken cancellationToken);

    /// <summary>A stream over the stored file, read as it is sent; null when the file is gone.</summary>
    Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken);

    Task DeleteAsync(string? fileName, CancellationToken cancellationToken);
}
