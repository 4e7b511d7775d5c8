using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Tellal.Benchmarks.Reports;

namespace Tellal.Benchmarks.Submit;

/// <summary>
/// The real <c>tellal</c> executable (all roles in one process) with its own data directory, port and admin
/// password, as tests/Tellal.Integration.Tests starts it; on PostgreSQL with a fresh database of its own.
/// Its output goes to a log file in the data directory; its end is shown when the node fails to start. The
/// distributed scenario starts several with other roles on one database (the first node's, which it drops).
/// </summary>
public sealed class TellalNode : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly Process _process;
    private readonly string _directory;
    private readonly string? _databaseName;
    private readonly bool _ownsDatabase;
    private readonly StreamWriter _log;
    private readonly string _dll;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private bool _disposed;

    private TellalNode(
        BenchOptions options, Process process, string directory, string? databaseName, bool ownsDatabase, Uri baseAddress, string password, StreamWriter log,
        string dll, IReadOnlyDictionary<string, string> settings)
    {
        _options = options;
        _dll = dll;
        _settings = settings;
        _process = process;
        _directory = directory;
        _databaseName = databaseName;
        _ownsDatabase = ownsDatabase;
        BaseAddress = baseAddress;
        Password = password;
        _log = log;
        // The process inherits this one's environment, with the node's settings on top.
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Password { get; }

    public string? DatabaseName => _databaseName;

    /// <summary>The node's process (the dotnet host runs the app in it), for reading its memory from /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// The settings this node was started with (as its environment variables), for composing the node's own services
    /// in this process: the distributed scenario's bare production uses the worker's database and file store.
    /// </summary>
    public IConfiguration Configuration { get; }

    private string LogPath => Path.Combine(_directory, "tellal.log");

    /// <param name="roles">--roles for the node (all by default).</param>
    /// <param name="shared">Another node whose database and admin password this one uses.</param>
    /// <param name="environment">Further settings, e.g. the broker's connection string.</param>
    public static async Task<TellalNode> StartAsync(
        BenchOptions options, string roles = "all", TellalNode? shared = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = options.TellalDll ?? Path.Combine(RepositoryRoot(), "src", "Tellal", "bin", "Release", "net10.0", "tellal.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} does not exist: run `dotnet build -c Release src/Tellal` first, or pass --tellal.");
        }

        var directory = Directory.CreateTempSubdirectory("tellal-bench-node-").FullName;
        var password = shared?.Password ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in new[] { dll, "--roles", roles, "--urls", url.ToString() })
        {
            start.ArgumentList.Add(arg);
        }

        var settings = new Dictionary<string, string>
        {
            ["Tellal__DataDirectory"] = directory,
            ["Tellal__Bootstrap__AdminPassword"] = password,
            // Submission and the queue are measured here, not the warehouse: the small scale (--scale's default) starts in seconds.
            ["Tellal__Reports__SeedScale"] = options.Scale.ToString(),
            // One user sends every request at hundreds a second: the benchmarks measure the pipeline, not the per-user quotas.
            ["Tellal__Reports__Quotas__SubmissionBurst"] = "100000",
            ["Tellal__Reports__Quotas__SubmissionsPerMinute"] = "100000",
            ["Tellal__Reports__Quotas__MaxUnfinishedPerUser"] = "100000",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var databaseName = shared?.DatabaseName;
        if (databaseName is null && options.Database == BenchDatabaseKind.Postgres)
        {
            databaseName = $"tellal_bench_{Guid.NewGuid():N}";
            await PostgresAdmin.ExecuteAsync(options.Postgres!, $"CREATE DATABASE {databaseName}");
        }

        if (databaseName is not null)
        {
            settings["ConnectionStrings__postgres"] = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = databaseName }.ConnectionString;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "tellal.log")) { AutoFlush = true };
        return new TellalNode(options, Process.Start(start)!, directory, databaseName, shared is null, url, password, log, dll, settings);
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
                // Not listening yet, or too busy starting (migrations, seeding) to answer in time.
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"tellal was not ready within {timeout}:\n{LogTail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A bearer token for the bootstrapped admin, retrying while that admin is still being created.</summary>
    public async Task<AuthenticationHeaderValue> SignInAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = Password });
            if (response.IsSuccessStatusCode)
            {
                var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
                return new AuthenticationHeaderValue("Bearer", token);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Could not sign in as admin: {(int)response.StatusCode}\n{LogTail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Report requests per status, straight from the node's database: the API lists at most 500 and the runs submit
    /// thousands. A read beside the node's writers (SQLite WAL allows it).
    /// </summary>
    public async Task<Dictionary<string, long>> CountReportsByStatusAsync()
    {
        const string sql = """SELECT "Status", COUNT(*) FROM rpt_requests GROUP BY "Status" """;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (_databaseName is not null)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_options.Postgres) { Database = _databaseName }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        else
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "tellal.db")};Mode=ReadOnly;Pooling=false");
            await connection.OpenAsync();
            await using var command = new SqliteCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return counts;
    }

    /// <summary>
    /// A CLI command of the same executable with this node's settings (e.g. <c>telemetry keys add</c>, <c>simulate
    /// telemetry</c>) and <paramref name="environment"/> on top; its exit code and output. Throws when it fails.
    /// </summary>
    public async Task<string> RunCommandAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _directory };
        start.ArgumentList.Add(_dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in _settings.Concat(environment))
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"tellal {string.Join(' ', args)} exited with {process.ExitCode}:\n{text}");
    }

    /// <summary>Stops the node; a second call does nothing (the telemetry scenario stops its ingest node mid-run).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_databaseName is not null && _ownsDatabase)
        {
            await PostgresAdmin.ExecuteAsync(_options.Postgres!, $"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.WriteLine(line);
            }
        }
    }

    private string LogTail()
    {
        lock (_log)
        {
            _log.Flush();
            return string.Join("\n", File.ReadAllLines(LogPath).TakeLast(40));
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tellal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository, or pass --tellal <path to tellal.dll>.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
