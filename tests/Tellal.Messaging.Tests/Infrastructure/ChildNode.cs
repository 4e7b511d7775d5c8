using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>A test node in its own process, so a test can kill it with SIGKILL at a moment it chooses.</summary>
public sealed class ChildNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    private ChildNode(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public static ChildNode Start(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Tellal.Messaging.TestNode.dll"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        return new ChildNode(Process.Start(start) ?? throw new InvalidOperationException("Could not start the test node."));
    }

    public async Task<string> WaitForLineAsync(string prefix, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var line = _lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                Assert.Fail($"The test node exited ({_process.ExitCode}) before printing '{prefix}':\n{string.Join("\n", _lines)}");
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The test node did not print '{prefix}' in time:\n{string.Join("\n", _lines)}");
            }

            await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Waits for the node to end by itself (a crash) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The test node did not exit within {timeout}:\n{string.Join("\n", _lines)}");
        }

        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    private void Received(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            _lineArrived.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        _lineArrived.Dispose();
    }
}
