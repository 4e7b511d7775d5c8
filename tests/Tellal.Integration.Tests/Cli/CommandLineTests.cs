using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Cli;

/// <summary>
/// The `tellal` command line as a new operator meets it, on a fresh data directory: commands that use the database
/// work before the first start, mistakes print the usage (exit 2), failures one line (never a stack trace), and
/// only a command line without a command runs a node.
/// </summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task A_user_added_before_the_first_start_signs_in_once_the_node_runs()
    {
        using var data = new TempDirectory();
        var password = TestPasswords.New();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null,
            "users", "add", "--name", "ayse", "--role", "Admin", "--role", "Requester", "--password", password);

        Assert.True(exitCode == 0, output);
        Assert.Equal("User ayse added with role(s) Admin, Requester.", output.Trim());
        await using var node = TellalProcess.Start(data.Path, new Dictionary<string, string> { ["Tellal__Reports__SeedScale"] = "Small" });
        await node.WaitUntilReadyAsync();
        using var ayse = await node.SignInAsync("ayse", password);
        var users = await ayse.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Contains(users.EnumerateArray(), u => u.GetProperty("userName").GetString() == "ayse");
    }

    [Theory]
    [InlineData("dead-letters list", 0, "0 dead letter(s).")]
    [InlineData("dead-letters show 0b5a4c57-58c1-4f4e-9d1a-9b1f2b1b6d11", 1, "No such dead letter.")]
    [InlineData("dead-letters replay 0b5a4c57-58c1-4f4e-9d1a-9b1f2b1b6d11", 1, "No such dead letter.")]
    [InlineData("migrate", 0, "Database schema is current (Sqlite).")]
    public async Task Every_command_that_uses_the_database_works_on_a_fresh_data_directory(string commandLine, int expectedExitCode, string expectedOutput)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, commandLine.Split(' '));

        Assert.True(exitCode == expectedExitCode, $"exit code {exitCode}:\n{output}");
        Assert.Contains(expectedOutput, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_migrations_run_explicitly_a_command_on_an_old_schema_says_in_one_line_what_to_run()
    {
        using var data = new TempDirectory();
        var explicitMigrations = new Dictionary<string, string> { ["Tellal__Storage__MigrateOnStart"] = "false" };
        string[] addUser = ["users", "add", "--name", "bob", "--role", "Requester", "--password", TestPasswords.New()];

        var (refused, refusal) = await TellalProcess.RunAsync(data.Path, explicitMigrations, addUser);
        var (migrated, _) = await TellalProcess.RunAsync(data.Path, explicitMigrations, "migrate");
        var (added, addition) = await TellalProcess.RunAsync(data.Path, explicitMigrations, addUser);

        Assert.Equal(1, refused);
        Assert.Equal(
            "Error: The database schema is not current and Tellal:Storage:MigrateOnStart is off; run `tellal migrate`.",
            refusal.Trim());
        Assert.Equal(0, migrated);
        Assert.True(added == 0, addition);
    }

    [Fact]
    public async Task A_failing_command_ends_with_one_line_on_stderr_and_no_stack_trace()
    {
        using var data = new TempDirectory();
        // Nothing listens there: connecting fails at once.
        var unreachable = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = $"Host=127.0.0.1;Port={AppProcess.FreePort()};Username=tellal;Password=unused",
        };

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, unreachable, "dead-letters", "list");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("Error: Failed to connect to 127.0.0.1:", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-command", "Unknown command or argument 'no-such-command'.", "tellal [command] [options]")]
    [InlineData("--rolse worker", "Unknown option '--rolse'", "tellal [command] [options]")]
    [InlineData("-x", "Unknown option '-x'.", "tellal [command] [options]")]
    [InlineData("--roles web,chef", "Unknown role 'chef'.", "tellal [command] [options]")]
    [InlineData("users add --name bob", "Option '--password' is required.", "tellal users add [options]")]
    [InlineData("users add --name bob --role Admin --password long-enough-1 --bogus", "Unknown option '--bogus'", "tellal users add [options]")]
    [InlineData("dead-letters show not-an-id", "Cannot parse argument 'not-an-id'", "tellal dead-letters show <id>")]
    [InlineData("migrate now", "Unknown command or argument 'now'.", "tellal migrate [options]")]
    [InlineData("simulate rentals --url http://127.0.0.1:1 --user clerk --password pw --rate 0 --duration 5", "--rate must be more than 0.", "tellal simulate rentals [options]")]
    [InlineData("simulate rentals --url http://127.0.0.1:1 --user clerk --password pw --rate 5", "Option '--duration' is required.", "tellal simulate rentals [options]")]
    [InlineData("simulate rentals --url localhost --user clerk --password pw --rate 5 --duration 5", "--url must be an http:// or https:// address", "tellal simulate rentals [options]")]
    public async Task A_mistake_on_the_command_line_prints_the_usage_and_exits_2_without_running_anything(string commandLine, string error, string usage)
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, commandLine.Split(' '));

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.Contains(error, output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(usage, output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data.Path, "tellal.db")), "nothing touched the database");
    }

    [Fact]
    public async Task Configuration_switches_pass_through_to_configuration()
    {
        using var data = new TempDirectory();

        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null,
            "config", "--Tellal:Messaging:Retry:MaxAttempts", "7", "--Tellal:Nodes:Interval=00:00:02", "--environment", "Staging");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Tellal:Messaging:Retry:MaxAttempts = 7", output, StringComparison.Ordinal);
        Assert.Contains("Tellal:Nodes:Interval = 00:00:02", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_started_with_host_and_configuration_switches_runs()
    {
        using var data = new TempDirectory();
        var name = $"switched-{Guid.NewGuid():N}"[..16];

        await using var node = TellalProcess.Start(data.Path, null, "--roles", "worker", "--Tellal:NodeName", name, "--Tellal:Reports:SeedScale=Small");
        var ready = await node.WaitUntilReadyAsync();

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains(name, await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
