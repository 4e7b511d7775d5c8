using Xunit;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Net;

namespace Tellal.Testing;

/// <summary>The real `tellal` executable in its own process, with its own data directory and port.</summary>
public sealed class TellalProcess : IAsyncDisposable
{
    private const string Dll = "tellal.dll";
    private readonly AppProcess _process;
    private readonly Func<AppProcess> _start;

    private TellalProcess(Func<AppProcess> start, Uri baseAddress)
    {
        _start = start;
        _process = start();
        BaseAddress = baseAddress;
    }

    /// <summary>The plain-HTTP address the tests use for the API.</summary>
    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    /// <summary>The node's process id, as it names itself (e.g. in the telemetry mover lease's holder).</summary>
    public int ProcessId => _process.Id;

    public static TellalProcess Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] args) =>
        StartListening(dataDirectory, environment, [], args);

    /// <summary>Also listens on <paramref name="extraUrls"/> (e.g. an https:// one, its certificate given through Kestrel configuration).</summary>
    public static TellalProcess StartListening(string dataDirectory, IReadOnlyDictionary<string, string>? environment, IReadOnlyList<Uri> extraUrls, params string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{AppProcess.FreePort()}");
        var urls = string.Join(';', extraUrls.Prepend(url).Select(u => u.ToString().TrimEnd('/')));
        var settings = WithDataDirectory(dataDirectory, environment);
        return new TellalProcess(() => AppProcess.Start(Dll, dataDirectory, settings, [.. args, "--urls", urls]), url);
    }

    /// <summary>The same node again (same data directory, settings and port), e.g. after <see cref="KillAsync"/>.</summary>
    public TellalProcess StartAgain() => new(_start, BaseAddress);

    /// <summary>Runs a CLI command to completion and returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        AppProcess.RunAsync(Dll, dataDirectory, WithDataDirectory(dataDirectory, environment), args);

    /// <summary>
    /// How long a node may take to become ready before a test gives up: a hang detector, not a speed requirement. How
    /// fast a node starts is measured, not asserted; on this 2-core machine a start under heavy load took over 30 s.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    public async Task<HttpResponseMessage> WaitUntilReadyAsync(TimeSpan? timeout = null)
    {
        timeout ??= StartTimeout;
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout.Value;
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

    /// <summary>SIGTERM, as an orchestrator stops a node: its shutdown code runs; waits until it has exited.</summary>
    public Task StopAsync() => _process.StopAsync();

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static Dictionary<string, string> WithDataDirectory(string dataDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var all = new Dictionary<string, string> { ["Tellal__DataDirectory"] = dataDirectory };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return all;
    }
}
