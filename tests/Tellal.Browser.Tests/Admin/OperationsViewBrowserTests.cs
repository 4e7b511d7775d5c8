using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Admin;

/// <summary>
/// Issue 16's live operations view in the browser, with a web node and a worker node in separate processes on
/// PostgreSQL, RabbitMQ and Redis: the admin opens the Operations page once and, without a reload, sees the worker
/// Ready, then stale after it is killed (SIGKILL), then gone; and the reports queue the dead worker leaves behind backs
/// up (its waiting count and its oldest message's age rise).
/// </summary>
public sealed class OperationsViewBrowserTests : IAsyncLifetime
{
    private const string WebNode = "ops-web";
    private const string WorkerNode = "ops-worker";
    private const string ReportsQueue = "reports.generate";

    /// <summary>
    /// The report queue travels over Redis, whose streams say when their oldest waiting entry arrived at every read;
    /// RabbitMQ says it through its management API, sampled (Conformance/OldestWaitingAgeTests covers that).
    /// </summary>
    private const string ReportsTransport = "redis";

    /// <summary>Hang detectors for a loaded 2-core machine, not speed requirements.</summary>
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>The shortest <c>ForgetAfter</c> the options allow; the row goes at the first heartbeat after it.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);

    /// <summary>Set on the page once it is open: still there at the end means the page was never reloaded.</summary>
    private const string Marker = "window.opsViewMarker";

    private readonly TempDirectory _data = new();
    private readonly string _adminPassword = TestPasswords.New();
    private PostgresDatabase? _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TellalProcess? _web;
    private TellalProcess? _worker;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = _database.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            ["Tellal__Messaging__Redis__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            [$"Tellal__Messaging__Routing__Queues__{ReportsQueue}"] = ReportsTransport,
            ["Tellal__Bootstrap__AdminPassword"] = _adminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // Heartbeats every half second, stale after 3 s of silence, forgotten after the shortest time allowed.
            ["Tellal__Nodes__Interval"] = "00:00:00.500",
            ["Tellal__Nodes__StaleAfter"] = "00:00:03",
            ["Tellal__Nodes__ForgetAfter"] = ForgetAfter.ToString("c", CultureInfo.InvariantCulture),
        };
        _web = TellalProcess.Start(_data.Path, new Dictionary<string, string>(settings) { ["Tellal__NodeName"] = WebNode }, "--roles", "web,notifier,scheduler");
        _worker = TellalProcess.Start(_data.Path, new Dictionary<string, string>(settings) { ["Tellal__NodeName"] = WorkerNode }, "--roles", "worker");
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
        await Task.WhenAll(_web.WaitUntilReadyAsync(), _worker.WaitUntilReadyAsync());
    }

    [Fact]
    public async Task A_killed_worker_turns_stale_then_goes_and_its_queue_backs_up_on_the_open_page()
    {
        using var admin = await _web!.SignInAsync("admin", _adminPassword);
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _web.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", _adminPassword, "/admin/health");
        await page.EvaluateAsync($"() => {{ {Marker} = true; }}");

        var worker = page.Locator($"#node-rows tr[data-node='{WorkerNode}']");
        await Assertions.Expect(page.Locator($"#node-rows tr[data-node='{WebNode}']")).ToHaveAttributeAsync("data-state", "Ready", Within(Generous));
        await Assertions.Expect(worker).ToHaveAttributeAsync("data-state", "Ready", Within(Generous));
        await Assertions.Expect(worker).ToContainTextAsync("worker");
        // The queue is listed and empty while its consumer lives.
        await WaitForQueueAsync(page, "Waiting", "n => n === 0");

        await _worker!.KillAsync();
        await Assertions.Expect(worker).ToHaveAttributeAsync("data-state", "Stale", Within(Generous));
        await Assertions.Expect(worker.Locator("td[data-label=State]")).ToHaveTextAsync("stale");
        await Screenshots.SaveAsync(page, "admin-health-worker-stale");

        // Nobody consumes the queue now: each report submitted waits there, and the page shows the count and age rise.
        await SubmitAsync(admin);
        await WaitForQueueAsync(page, "Waiting", "n => n >= 1");
        await SubmitAsync(admin);
        await SubmitAsync(admin);
        await WaitForQueueAsync(page, "Waiting", "n => n >= 3");
        var age = await WaitForQueueAsync(page, "Oldest waiting", "n => n >= 0");
        await WaitForQueueAsync(page, "Oldest waiting", $"n => n > {age}");
        await Screenshots.SaveAsync(page, "admin-health-queue-backed-up");

        // The worker's row leaves the list once it has been silent for ForgetAfter.
        await Assertions.Expect(worker).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = (float)(ForgetAfter + Generous).TotalMilliseconds });
        await Assertions.Expect(page.Locator($"#node-rows tr[data-node='{WebNode}']")).ToHaveAttributeAsync("data-state", "Ready");

        Assert.True(await page.EvaluateAsync<bool>($"() => {Marker} === true"), "the page was reloaded");
    }

    private static LocatorAssertionsToHaveAttributeOptions Within(TimeSpan timeout) => new() { Timeout = (float)timeout.TotalMilliseconds };

    private static async Task SubmitAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// Waits until the number in <paramref name="column"/> of the report queue's row (its transport's section under
    /// Work) satisfies <paramref name="holds"/> (a JavaScript predicate), and returns that number. The page redraws the
    /// table at every snapshot, so the row is looked up afresh at each poll.
    /// </summary>
    private static async Task<int> WaitForQueueAsync(IPage page, string column, string holds)
    {
        var found = await page.WaitForFunctionAsync($$"""
            ([transport, queue, column]) => {
                const row = [...document.querySelectorAll(`#streams section[data-transport="${transport}"] tbody tr`)]
                    .find(r => r.querySelector("td[data-label=Queue]")?.textContent === queue);
                const n = Number.parseInt(row?.querySelector(`td[data-label="${column}"]`)?.textContent ?? "", 10);
                // A string, so that 0 counts as found (the wait ends on a truthy answer).
                return !Number.isNaN(n) && ({{holds}})(n) ? String(n) : null;
            }
            """, new[] { ReportsTransport, ReportsQueue, column },
            new PageWaitForFunctionOptions { PollingInterval = 250, Timeout = (float)Generous.TotalMilliseconds });
        return int.Parse(await found.JsonValueAsync<string>(), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        foreach (var node in new[] { _web, _worker }.Where(n => n is not null))
        {
            await node!.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _data.Dispose();
    }
}
