using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// <c>tellal simulate telemetry</c> run as a process against a node, and what it printed; plus the counts of the
/// telemetry tables of the installation it ran against, read from its database directly (SQLite file or PostgreSQL).
/// </summary>
public sealed partial record SimulatedRun(int ExitCode, string Output)
{
    public static async Task<string> NewKeyAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings, string app = "sim-app")
    {
        var (exitCode, output) = await TellalProcess.RunAsync(dataDirectory, settings, "telemetry", "keys", "add", "--app", app);
        Assert.True(exitCode == 0, output);
        return output.TrimEnd().Split('\n')[^1].Trim();
    }

    /// <summary>Runs the simulator with the key in its environment (as an operator would, not on the command line).</summary>
    public static async Task<SimulatedRun> RunAsync(string dataDirectory, string key, Uri url, params string[] args)
    {
        var (exitCode, output) = await TellalProcess.RunAsync(dataDirectory, new Dictionary<string, string> { ["TELLAL_TELEMETRY_KEY"] = key },
            ["simulate", "telemetry", "--url", url.ToString(), .. args]);
        return new SimulatedRun(exitCode, output);
    }

    /// <summary>The UTC day now, to bracket a run: its events carry the times they were made at.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// Distinct players with events from <paramref name="firstDay"/> to <paramref name="lastDay"/>, as the API counts them:
    /// that day's active users when a run stayed within one UTC day, the 7 days up to <paramref name="lastDay"/> when it
    /// crossed midnight (a fresh installation has no earlier events, so either equals the distinct players sent).
    /// </summary>
    public static async Task<int> ActiveUsersAsync(HttpClient admin, DateOnly firstDay, DateOnly lastDay)
    {
        var days = firstDay == lastDay ? 1 : 7;
        Assert.True(lastDay.DayNumber - firstDay.DayNumber < days, $"a run from {firstDay} to {lastDay}");
        var answer = await admin.GetFromJsonAsync<JsonElement>($"/api/telemetry/active-users?days={days}&to={lastDay:yyyy-MM-dd}");
        return answer.GetProperty("activeUsers").GetInt32();
    }

    public long Count(string label) =>
        long.Parse(Regex.Match(Output, $"^{Regex.Escape(label)}: +(\\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    /// <summary>Rows of a table in the embedded default's database file (read while the node runs: SQLite's WAL lets it).</summary>
    public static async Task<long> SqliteCountAsync(string dataDirectory, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "tellal.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"^accept latency: +p50 \d+\.\d ms, p99 \d+\.\d ms$", RegexOptions.Multiline)]
    public static partial Regex LatencyLine();
}
