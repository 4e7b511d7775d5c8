using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Files;

/// <summary>
/// Report files as 1 MiB chunks in the system database, for nodes that share nothing but the servers: the worker
/// that renders a file and the web node that serves it may be different machines. A file is rendered to a local
/// temporary first (size and SHA-256 need the whole of it), then its chunks join the scope's unit of work, replacing
/// any earlier ones: the caller's commit (the dispatcher's, for a handler) stores the file with the report's outcome,
/// so a reader sees the whole file or none, and a worker killed half-way, or an outcome that does not commit, leaves
/// nothing. Until then the chunks are held in memory: report files are small (kilobytes to a few megabytes).
/// Deleting is immediate.
/// </summary>
internal sealed class DatabaseReportFileStore(TellalDbContext db, IServiceScopeFactory scopes) : IReportFileStore
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

        ForgetUncommitted(fileName);
        var stored = (await db.Set<ReportFileChunk>().AsNoTracking().Where(c => c.FileName == fileName).Select(c => c.Index)
            .ToListAsync(cancellationToken)).ToHashSet();
        var chunks = await ChunksOfAsync(fileName, buffer, size, cancellationToken);
        // From here on nothing awaits: a cancel cannot leave half a file in the unit of work.
        foreach (var chunk in chunks)
        {
            if (stored.Contains(chunk.Index))
            {
                db.Update(chunk);
            }
            else
            {
                db.Add(chunk);
            }
        }

        foreach (var leftover in stored.Where(index => index >= chunks.Count))
        {
            db.Remove(new ReportFileChunk { FileName = fileName, Index = leftover, Data = [] });
        }

        return new StoredReportFile(fileName, size, sha256);
    }

    /// <summary>
    /// Each chunk's array is exactly its share of the file: a report of a few kilobytes allocates a few kilobytes, not a
    /// 1 MiB array on the large object heap (one per report was a third of a busy worker's CPU in gen 2 collections).
    /// </summary>
    private static async Task<List<ReportFileChunk>> ChunksOfAsync(string fileName, Stream file, long size, CancellationToken cancellationToken)
    {
        // An empty file is still one (empty) chunk, so that "no chunk" always means "no file".
        var count = Math.Max(1, (int)((size + ChunkSize - 1) / ChunkSize));
        var chunks = new List<ReportFileChunk>(count);
        for (var index = 0; index < count; index++)
        {
            var data = new byte[Math.Min(ChunkSize, size - (long)index * ChunkSize)];
            await file.ReadExactlyAsync(data, cancellationToken);
            chunks.Add(new ReportFileChunk { FileName = fileName, Index = index, Data = data });
        }

        return chunks;
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

        ForgetUncommitted(fileName);
        await db.Set<ReportFileChunk>().Where(c => c.FileName == fileName).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A file written earlier in this unit of work and not committed (a download that failed its check) is replaced or dropped.</summary>
    private void ForgetUncommitted(string fileName)
    {
        foreach (var entry in db.ChangeTracker.Entries<ReportFileChunk>().Where(e => e.Entity.FileName == fileName).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }
}
