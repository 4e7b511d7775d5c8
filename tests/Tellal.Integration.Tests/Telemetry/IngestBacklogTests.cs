using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Telemetry.Keys;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>When staged events wait beyond the configured bound, the apps are told to come back later (429 + Retry-After).</summary>
public sealed class IngestBacklogTests
{
    [Fact]
    public async Task Above_the_backlog_bound_requests_are_refused_with_429_and_retry_after()
    {
        // A mover that moves once at start, then not for the longest interval allowed: what is staged stays staged.
        await using var app = new TellalApp(settings: new Dictionary<string, string?>
        {
            ["Tellal:Telemetry:MoveInterval"] = "00:10:00",
            ["Tellal:Telemetry:MaxBacklogEvents"] = "10",
            ["Tellal:Telemetry:BacklogCheckInterval"] = "00:00:00.050",
            ["Tellal:Telemetry:BacklogRetryAfter"] = "00:00:07",
        });
        using var client = app.CreateClient();
        // Ready first: until then the API answers 423.
        (await app.SignedInClientAsync("admin", TellalApp.AdminPassword)).Dispose();
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            key = (await scope.ServiceProvider.GetRequiredService<AppKeyStore>().AddAsync("backlog-app", CancellationToken.None)).Secret;
        }

        // Batches of 20 until one is refused: whatever the start-up move took, what comes after it stays staged.
        HttpResponseMessage? answer = null;
        await Eventually.HoldsAsync(async () =>
        {
            answer = await PostAsync(client, key, Enumerable.Range(0, 20).Select(i => TelemetryApp.Event($"b{i}", DateTimeOffset.UtcNow)));
            Assert.True(answer.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.TooManyRequests, $"answered {answer.StatusCode}");
            return answer.StatusCode == HttpStatusCode.TooManyRequests;
        }, "a request was refused for the backlog");

        var refused = answer!;
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, IEnumerable<object> events)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/events") { Content = System.Net.Http.Json.JsonContent.Create(events) };
        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request);
    }
}
