using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Tellal.Platform.Options;

namespace Tellal.Reports.Files;

/// <summary>
/// Report files under the data directory (<c>reports/</c>). A file is written to a temporary name and renamed when
/// complete, so a reader never sees half a file and a worker killed mid-write leaves only a temporary to overwrite.
/// </summary>
internal sealed class FileSystemReportFileStore(IOptions<TellalOptions> tellal, IOptions<ReportsOptions> options) : IReportFileStore
{
    private string Folder => Path.Combine(tellal.Value.ResolveDataDirectory(), options.Value.FileFolder);

    public async Task<StoredReportFile> WriteAsync(Guid reportId, string extension, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var fileName = $"{reportId:N}.{extension}";
        var path = Path.Combine(Folder, fileName);
        var temporary = path + ".partial";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
        {
            await write(file);
            await file.FlushAsync(cancellationToken);
        }

        string sha256;
        long size;
        await using (var written = File.OpenRead(temporary))
        {
            size = written.Length;
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(written, cancellationToken));
        }

        File.Move(temporary, path, overwrite: true);
        return new StoredReportFile(fileName, size, sha256);
    }

    public Task<Stream?> OpenReadAsync(string fileName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Folder, Path.GetFileName(fileName));
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    public Task DeleteAsync(string? fileName, CancellationToken cancellationToken)
    {
        if (fileName is not null)
        {
            File.Delete(Path.Combine(Folder, Path.GetFileName(fileName)));
        }

        return Task.CompletedTask;
    }
}
