using Microsoft.Extensions.Options;

namespace ReportHub;

/// <summary>Result files under the data directory, one per job, written under a temporary name and renamed.</summary>
public sealed class ResultFiles(IOptions<ReportHubOptions> options)
{
    private string Folder => Path.Combine(options.Value.DataDirectory, "results");

    public async Task WriteAsync(string jobId, byte[] content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(jobId);
        await File.WriteAllBytesAsync(path + ".partial", content, cancellationToken);
        File.Move(path + ".partial", path, overwrite: true);
    }

    public byte[]? Read(string jobId) => File.Exists(PathOf(jobId)) ? File.ReadAllBytes(PathOf(jobId)) : null;

    private string PathOf(string jobId) => Path.Combine(Folder, Path.GetFileName(jobId) + ".csv");
}

/// <summary>Wakes an idle worker when a job is created, so a job does not wait for the next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Wake() => _signal.Release();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
