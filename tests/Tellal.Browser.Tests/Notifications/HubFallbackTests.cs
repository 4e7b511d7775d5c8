using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Browser.Tests.Notifications;

/// <summary>
/// The page's SignalR client negotiates: where WebSockets are refused it falls back to Server-Sent Events, and where
/// the browser has no EventSource either, to long polling; the toast still arrives live.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class HubFallbackTests(BrowserFixture fixture, NoWebSocketsNode server, ITestOutputHelper output) : IClassFixture<NoWebSocketsNode>
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public Task Without_WebSockets_the_page_connects_over_Server_Sent_Events_and_gets_its_toast_live() =>
        AssertToastArrivesLiveAsync(initScript: null, transportResource: "eventsource");

    [Fact]
    public Task Without_WebSockets_and_EventSource_the_page_long_polls_and_gets_its_toast_live() =>
        AssertToastArrivesLiveAsync(initScript: "delete window.EventSource;", transportResource: "fetch");

    private async Task AssertToastArrivesLiveAsync(string? initScript, string transportResource)
    {
        using var admin = await server.Node.SignInAsync("admin", NoWebSocketsNode.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "fallback", TellalPolicies.Requester);
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Node.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        // What the client logs (warnings and errors) explains a connection that never comes.
        page.Console += (_, message) => output.WriteLine($"console {message.Type}: {message.Text}");
        page.PageError += (_, error) => output.WriteLine($"page error: {error}");
        var webSockets = new ConcurrentQueue<string>();
        var hubRequests = new ConcurrentQueue<IRequest>();
        page.WebSocket += (_, socket) => webSockets.Enqueue(socket.Url);
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/hubs/notifications?id=", StringComparison.Ordinal))
            {
                hubRequests.Enqueue(request);
            }
        };
        var negotiate = page.WaitForResponseAsync(response => response.Url.Contains("/hubs/notifications/negotiate", StringComparison.Ordinal),
            new PageWaitForResponseOptions { Timeout = (float)ReportTimeout.TotalMilliseconds });

        await BrowserFixture.SignInAsync(page, requester, BrowserUsers.Password, "/reports");
        await Assertions.Expect(page.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);
        var offered = (await (await negotiate).JsonAsync())!.Value.GetProperty("availableTransports").EnumerateArray()
            .Select(t => t.GetProperty("transport").GetString()).ToList();
        Assert.Equal(["ServerSentEvents", "LongPolling"], offered);

        // Submitted after the hub is connected: the toast comes from a push, not from the catch-up on connecting.
        using var client = await server.Node.SignInAsync(requester, BrowserUsers.Password);
        var submitted = await client.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games", format = "csv" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var reportId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Assertions.Expect(page.Locator($".toast.report-ready[data-report-id='{reportId}']"))
            .ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = (float)ReportTimeout.TotalMilliseconds });
        Assert.Empty(webSockets);
        Assert.Contains(hubRequests, request => request.Method == "GET" && request.ResourceType == transportResource);
    }
}
