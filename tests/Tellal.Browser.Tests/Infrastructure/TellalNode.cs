using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Tellal.Browser.Tests.Infrastructure;

/// <summary>The real `tellal` executable on a free port with its own data directory (as the integration tests start it).</summary>
public sealed class TellalNode : IAsyncDisposable
{
    public const string UserPassword = "a-password-for-browser-tests";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TellalNode(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    public static TellalNode Start(string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tellal.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString());
        start.Environment["Tellal__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new TellalNode(Process.Start(start)!, url);
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Assert.False(_process.HasExited || DateTime.UtcNow > deadline, $"tellal was not ready within {timeout}:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>An API client with a bearer token (retrying while the first admin is being created).</summary>
    public async Task<HttpClient> ApiClientAsync(string userName, string password)
    {
        var http = new HttpClient { BaseAddress = BaseAddress };
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

            Assert.True(DateTime.UtcNow < deadline, $"Could not sign in as {userName}: {(int)response.StatusCode}\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Creates a user through the admin API and returns its name (password: <see cref="UserPassword"/>).</summary>
    public static async Task<string> CreateUserAsync(HttpClient admin, string prefix, params string[] roles)
    {
        var userName = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = UserPassword, roles, email = $"{userName}@staff.tellal.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return userName;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
