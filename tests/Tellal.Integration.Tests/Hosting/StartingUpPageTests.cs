using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Hosting;

/// <summary>
/// Issue 16: the starting-up page is told over a WebSocket when its node opens, instead of reloading every few
/// seconds. The node starts while its RabbitMQ is unreachable (a port nothing listens on yet), answers 423, and the
/// socket says "ready" once RabbitMQ appears on that port (a relay to the test RabbitMQ).
/// </summary>
public sealed class StartingUpPageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_waiting_for_RabbitMQ_tells_its_starting_up_page_when_it_opens()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var rabbit = new Uri(TestEnvironment.RabbitMq);
        await using var broker = new TcpForwarder(AppProcess.FreePort(), rabbit.Host, rabbit.Port);
        using var data = new TempDirectory();
        await using var node = TellalProcess.Start(data.Path, new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = new UriBuilder(rabbit) { Port = broker.Port }.Uri.ToString(),
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            ["Tellal__Bootstrap__AdminPassword"] = TestPasswords.New(),
        }, "--roles", "web");
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        await Eventually.HoldsAsync(async () => await StatusAsync(http) == (HttpStatusCode)423, "the node answers 423 while RabbitMQ is away", TimeSpan.FromMinutes(2));

        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await (await http.SendAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("/startup/events", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(node.BaseAddress) { Scheme = "ws", Path = "/startup/events" }.Uri, CancellationToken.None);
        var buffer = new byte[64];
        var told = socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal((HttpStatusCode)423, await StatusAsync(http));
        Assert.False(told.IsCompleted, "the socket said something while the node was still waiting");

        var clock = Stopwatch.StartNew();
        broker.Start();
        var message = await told.WaitAsync(TimeSpan.FromMinutes(2));
        output.WriteLine($"RabbitMQ reachable -> page told: {clock.ElapsedMilliseconds} ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.Equal("ready", Encoding.UTF8.GetString(buffer, 0, message.Count));
        Assert.NotEqual((HttpStatusCode)423, await StatusAsync(http));
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/api/report-types")).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
