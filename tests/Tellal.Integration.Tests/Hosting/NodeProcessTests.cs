using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;

using Tellal.Testing;

namespace Tellal.Integration.Tests.Hosting;

/// <summary>The executable as an operator meets it: start-up, roles, health, configuration.</summary>
[Collection(NodeStartup.Collection)]
public sealed class NodeProcessTests
{
    [Fact]
    public async Task A_fresh_node_with_all_roles_becomes_ready_and_prints_the_generated_admin_password_once()
    {
        using var data = new TempDirectory();
        await using (var node = TellalProcess.Start(data.Path))
        {
            await AssertStartingUpAsync(node);
            var ready = await node.WaitUntilReadyAsync();
            var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("Healthy", health.GetProperty("status").GetString());
            Assert.Equal("all", health.GetProperty("roles").GetString());
            await WaitForAsync(() => node.Output.Contains("password:", StringComparison.Ordinal));
        }

        await using var restarted = TellalProcess.Start(data.Path);
        await restarted.WaitUntilReadyAsync();
        // The first-run step ran on this start too (it would have printed a password here).
        await WaitForAsync(() => restarted.Output.Contains("Sign-in is ready", StringComparison.Ordinal));
        Assert.DoesNotContain("password:", restarted.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data.Path, "tellal.db")));
    }

    [Fact]
    public async Task A_worker_node_serves_health_and_metrics_but_not_the_api()
    {
        using var data = new TempDirectory();
        await using var node = TellalProcess.Start(data.Path, new Dictionary<string, string> { ["Tellal__Reports__SeedScale"] = "Small" }, "--roles", "worker");
        await node.WaitUntilReadyAsync();
        using var http = new HttpClient { BaseAddress = node.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Contains("http_server_request_duration_seconds", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        // No API on a worker: nothing is served there, and the fallback policy answers 401 rather than reveal paths.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("/api/auth/token", null)).StatusCode);
    }

    [Fact]
    public async Task An_oversized_report_request_is_refused_by_the_server()
    {
        // The size limit is Kestrel's: only a real server (not the in-memory test server) enforces it.
        using var data = new TempDirectory();
        var admin = new Dictionary<string, string> { ["Tellal__Bootstrap__AdminPassword"] = "oversize-admin-password", ["Tellal__Reports__SeedScale"] = "Small" };
        await using var node = TellalProcess.Start(data.Path, admin);
        await node.WaitUntilReadyAsync();
        using var http = await node.SignInAsync("admin", "oversize-admin-password");
        var body = $$"""{"reportType":"top-reviewed-games","title":"{{new string('x', 100_000)}}"}""";
        var oversized = await http.PostAsync("/api/reports", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal("application/problem+json", oversized.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray());
    }

    [Fact]
    public async Task Roles_command_lists_every_role_with_a_description()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, "roles");
        Assert.Equal(0, exitCode);
        foreach (var role in new[] { "web", "worker", "notifier", "scheduler", "ingest" })
        {
            Assert.Matches($"(?m)^{role} +\\S", output);
        }
    }

    [Fact]
    public async Task An_unknown_role_is_refused_with_a_clear_message()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, null, "--roles", "web,chef");
        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown role 'chef'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_command_prints_the_effective_configuration_with_secrets_masked()
    {
        using var data = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = "a-secret-that-must-not-leak",
            ["Tellal__Messaging__Retry__MaxAttempts"] = "7",
        };
        var (exitCode, output) = await TellalProcess.RunAsync(data.Path, environment, "config");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("a-secret-that-must-not-leak", output, StringComparison.Ordinal);
        Assert.Contains("Tellal:Bootstrap:AdminPassword = ********", output, StringComparison.Ordinal);
        Assert.Contains("Tellal:Messaging:Retry:MaxAttempts = 7", output, StringComparison.Ordinal);
        Assert.Contains($"Tellal:DataDirectory = {data.Path}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_node_at_start_up_with_the_reason()
    {
        using var data = new TempDirectory();
        var (exitCode, output) = await TellalProcess.RunAsync(data.Path,
            new Dictionary<string, string> { ["Tellal__Messaging__Retry__MaxAttempts"] = "0" }, "config");
        Assert.Equal(3, exitCode);
        Assert.Contains("Tellal:Messaging:Retry:MaxAttempts", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    /// <summary>While it migrates and seeds, the node answers 423 with Retry-After: a problem body for APIs, a page for people.</summary>
    private static async Task AssertStartingUpAsync(TellalProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        HttpResponseMessage? api = null;
        for (var attempt = 0; api is null && attempt < 100; attempt++)
        {
            try
            {
                api = await http.GetAsync("/api/report-types");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100); // not listening yet
            }
        }

        Assert.NotNull(api);
        Assert.Equal((HttpStatusCode)423, api.StatusCode);
        Assert.NotNull(api.Headers.RetryAfter);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await http.SendAsync(page);
        Assert.Equal((HttpStatusCode)423, html.StatusCode);
        Assert.Contains("Tellal is starting up", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(100);
        }
    }
}

/// <summary>Start-up time is measured with nothing else running in this test assembly.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class NodeStartup
{
    public const string Collection = "Node start-up";
}
