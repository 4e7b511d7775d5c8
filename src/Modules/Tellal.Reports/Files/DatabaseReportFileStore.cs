using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Files;

/// <summary>
/// Report files as 1 MiB chunks in the system database, for nodes that share nothing but the servers: the worker
/// that renders a file and the web node that serves it may be different machines. A file is rendered to a local
/// temporary first (size and SHA-256 need the whole of it), then its chunks replace any earlier ones in one
/// transaction: a reader sees the whole file or none, and a worker killed half-way leaves nothing behind.
/// </summary>
internal sealed class DatabaseReportFileStore(IServiceScopeFactory scopes) : IReportFileStore
{
    /// <summary>Large enough to keep the row count low, small enough that a download holds one chunk in memory.</summary>
    internal const int ChunkSize = 1 << 20;

    public async Task<StoredReportFile> WriteAsync(Guid reportId, string extension, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var fileName = $"{reportId:N}.{extension}";
        var temporary = Path.Combine(Path.GetTempPath(), $"tellal-{reportId:N}-{Guid.NewGuid():N}.partial");
        await using var buffer = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await write(buffer);
        var size = buffer.Length;
        buffer.Position = 0;
        var sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(buffer, cancellationToken));
        buffer.Position = 0;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<ReportFileChunk>().Where(c => c.FileName == fileName).ExecuteDeleteAsync(cancellationToken);
        var chunk = new byte[ChunkSize];
        for (var index = 0; ; index++)
        {
            var read = await buffer.ReadAtLeastAsync(chunk, ChunkSize, throwOnEndOfStream: false, cancellationToken);
            if (read == 0 && index > 0)
            {
                break;
            }

            // An empty file is still one (empty) chunk, so that "no chunk" always means "no file".
            db.Add(new ReportFileChunk { FileName = fileName, Index = index, Data = chunk[..read] });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (read < ChunkSize)
            {
                break;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new StoredReportFile(fileName, size, sha256);
    }

    public async Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        var chunks = scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<ReportFileChunk>().AsNoTracking()
            .Where(c => c.FileName == fileName)
            .OrderBy(c => c.Index)
            .Select(c => c.Data)
            .AsAsyncEnumerable()
            .GetAsyncEnumerator(cancellationToken);
        if (await chunks.MoveNextAsync())
        {
            return new ChunkedReadStream(scope, chunks);
        }

        await chunks.DisposeAsync();
        await scope.DisposeAsync();
        return null;
    }

    public async Task DeleteAsync(string? fileName, CancellationToken cancellationToken)
    {
        if (fileName is null)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<ReportFileChunk>()
            .Where(c => c.FileName == fileName)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
