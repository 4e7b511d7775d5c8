using Xunit;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tellal.Testing;

/// <summary>The real `tellal` executable in its own process, with its own data directory and port.</summary>
public sealed class TellalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly ProcessStartInfo _start;

    private TellalProcess(ProcessStartInfo start, Uri baseAddress)
    {
        _start = start;
        _process = Process.Start(start)!;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static TellalProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = Command(dataDirectory, environment, [.. args, "--urls", url.ToString()]);
        return new TellalProcess(start, url);
    }

    /// <summary>The same node again (same data directory, settings and port), e.g. after <see cref="KillAsync"/>.</summary>
    public TellalProcess StartAgain() => new(_start, BaseAddress);

    /// <summary>Runs a CLI command to completion and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(Command(dataDirectory, environment, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task<HttpResponseMessage> WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet, or too busy starting to answer within the request timeout.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"tellal was not ready within {timeout}:\n{Output}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A client of this node signed in with a bearer token (retrying while the first admin is being created).</summary>
    public Task<HttpClient> SignInAsync(string userName, string password) => SignInAsync(BaseAddress, userName, password, () => Output);

    /// <summary>A client of <paramref name="baseAddress"/> (a node or a proxy in front of nodes) signed in with a bearer token.</summary>
    public static async Task<HttpClient> SignInAsync(Uri baseAddress, string userName, string password, Func<string>? diagnostics = null)
    {
        var http = new HttpClient { BaseAddress = baseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password });
            if (response.IsSuccessStatusCode)
            {
                var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return http;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Could not sign in as {userName}: {(int)response.StatusCode}\n{diagnostics?.Invoke()}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static ProcessStartInfo Command(string dataDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tellal.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Tellal__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
