using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Identity.Users;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

using Tellal.Testing;

namespace Tellal.Integration.Tests.DeadLetters;

/// <summary>A poison message ends in the dead-letter store; an admin lists, inspects and replays it (HTTP and CLI).</summary>
public sealed class DeadLetterAdminTests : IAsyncLifetime
{
    private readonly ProbeBehaviour _probes = new();
    private TellalApp _app = null!;

    public ValueTask InitializeAsync()
    {
        _app = new TellalApp(services =>
        {
            services.AddSingleton(_probes);
            services.AddMessageQueue(ProbeBehaviour.QueueDefinition);
            services.AddMessageHandler<Probe, ProbeHandler>(ProbeBehaviour.Queue);
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_dead_letter_is_listed_inspected_and_replayed_over_http_and_handled_once_after_the_fix()
    {
        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        _probes.Broken["http"] = true;
        await PublishAsync(new Probe("http"));

        var deadLetter = await WaitForDeadLetterAsync(admin, "http");
        var details = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/dead-letters/{deadLetter}");
        Assert.Contains("Bug: cannot handle probe http", details.GetProperty("summary").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, details.GetProperty("summary").GetProperty("attempts").GetInt32());
        Assert.Contains("\"key\":\"http\"", details.GetProperty("data").GetString(), StringComparison.Ordinal);

        _probes.Broken.Clear();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/dead-letters/{deadLetter}/replay", null)).StatusCode);
        var again = await admin.PostAsync($"/api/admin/dead-letters/{deadLetter}/replay", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        await WaitUntilAsync(() => _probes.Handled.Contains("http"));
        await QueueMovedOnAsync("http");
        Assert.Single(_probes.Handled, key => key == "http");
    }

    [Fact]
    public async Task A_dead_letter_is_listed_and_replayed_with_the_cli_and_handled_once_after_the_fix()
    {
        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        _probes.Broken["cli"] = true;
        await PublishAsync(new Probe("cli"));
        var deadLetter = await WaitForDeadLetterAsync(admin, "cli");

        var (listed, listing) = await TellalProcess.RunAsync(_app.DataDirectory, null, "dead-letters", "list");
        Assert.Equal(0, listed);
        Assert.Contains(deadLetter.ToString(), listing, StringComparison.Ordinal);
        var (shown, details) = await TellalProcess.RunAsync(_app.DataDirectory, null, "dead-letters", "show", deadLetter.ToString());
        Assert.Equal(0, shown);
        Assert.Contains("Bug: cannot handle probe cli", details, StringComparison.Ordinal);

        _probes.Broken.Clear();
        var (replayed, output) = await TellalProcess.RunAsync(_app.DataDirectory, null, "dead-letters", "replay", deadLetter.ToString());
        Assert.Equal(0, replayed);
        Assert.Contains("Replayed", output, StringComparison.Ordinal);

        await WaitUntilAsync(() => _probes.Handled.Contains("cli"));
        await QueueMovedOnAsync("cli");
        Assert.Single(_probes.Handled, key => key == "cli");
    }

    [Fact]
    public async Task Dead_letters_are_for_admins_only()
    {
        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var created = await admin.PostAsJsonAsync("/api/users",
            new { userName = "requester1", password = "requester-password", roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var requester = await _app.SignedInClientAsync("requester1", "requester-password");

        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsync($"/api/admin/dead-letters/{Guid.NewGuid()}/replay", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_sign_in_and_bad_user_input_get_problem_details()
    {
        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var anonymous = _app.CreateClient();
        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        var empty = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var problem = await empty.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));

        var badUser = await admin.PostAsJsonAsync("/api/users", new { userName = "x", password = "short", roles = new[] { "Chef" } });
        Assert.Equal(HttpStatusCode.BadRequest, badUser.StatusCode);
        var errors = (await badUser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "userName", "password", "roles" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}");
        }

        await using var scope = _app.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<UserService>().AnyUserNamedAsync("x", CancellationToken.None));
    }

    private async Task PublishAsync(Probe probe)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IMessagePublisher>().Publish(probe);
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
    }

    /// <summary>
    /// A probe published after the replayed one was handled is handled too: the queue has moved on, so a second delivery
    /// of the replayed message would have been seen by now.
    /// </summary>
    private async Task QueueMovedOnAsync(string key)
    {
        await PublishAsync(new Probe($"{key}-later"));
        await WaitUntilAsync(() => _probes.Handled.Contains($"{key}-later"));
    }

    private static async Task<Guid> WaitForDeadLetterAsync(HttpClient admin, string key)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var letters = await admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters");
            foreach (var letter in letters.EnumerateArray())
            {
                if (letter.GetProperty("reason").GetString()!.Contains($"probe {key}", StringComparison.Ordinal))
                {
                    return letter.GetProperty("id").GetGuid();
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"no dead letter for {key}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
