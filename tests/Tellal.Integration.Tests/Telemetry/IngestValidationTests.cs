using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// What an app is told when a request cannot be taken: 401 without a valid key, 413 above the limits, 400 naming each
/// bad event by index. None of a refused request's events is stored, not even its valid ones.
/// </summary>
public sealed class IngestValidationTests(TelemetryApp telemetry) : IClassFixture<TelemetryApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_missing_unknown_or_revoked_key_or_a_staff_token_is_refused_with_401()
    {
        var (id, key) = await telemetry.NewKeyAsync();
        var events = new[] { TelemetryApp.Event("p1", Now) };

        var missing = await telemetry.PostAsync(null, JsonContent.Create(events));
        var unknown = await telemetry.PostAsync("tlk_not-a-key", JsonContent.Create(events));
        using var staff = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/events") { Content = JsonContent.Create(events) };
        staff.Headers.Authorization = telemetry.Admin.DefaultRequestHeaders.Authorization;
        var staffToken = await telemetry.App.CreateClient().SendAsync(staff);
        await telemetry.RevokeAsync(id);
        var revoked = await telemetry.PostAsync(key, events);

        foreach (var response in new[] { missing, unknown, staffToken, revoked })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_key_sent_by_another_app_is_refused_with_403_and_nothing_is_stored()
    {
        var (_, key) = await telemetry.NewKeyAsync("arcade-app");
        var refused = new[] { TelemetryApp.Event("p1", Now) };
        var taken = new[] { TelemetryApp.Event("p2", Now) };

        var other = await PostAsAsync(key, "puzzle-app", refused);
        var own = await PostAsAsync(key, "arcade-app", taken);

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        Assert.Contains("arcade-app", await other.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
        // The accepted request went through the pipeline; the refused one, sent before it, is nowhere.
        await telemetry.MovedAsync(TelemetryApp.IdsOf(taken));
        Assert.Equal(0, await telemetry.StoredAsync(TelemetryApp.IdsOf(refused)));
    }

    private async Task<HttpResponseMessage> PostAsAsync(string key, string appId, IEnumerable<object> events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/events") { Content = JsonContent.Create(events) };
        request.Headers.Add("X-Api-Key", key);
        request.Headers.Add("X-App-Id", appId);
        return await telemetry.App.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Bad_events_are_named_by_index_and_none_of_the_request_is_taken()
    {
        var (_, key) = await telemetry.NewKeyAsync();
        var good = TelemetryApp.Event("p-good", Now);
        var unknownType = TelemetryApp.Event("p2", Now, type: "level_up");
        var future = TelemetryApp.Event("p3", Now.AddHours(1));
        var noUuid = TelemetryApp.Event("p4", Now);
        noUuid["eventId"] = "42";
        var noPlayer = TelemetryApp.Event("p5", Now);
        noPlayer.Remove("playerId");
        Dictionary<string, object?>[] refused = [good, unknownType, future, noUuid, noPlayer];

        var response = await telemetry.PostAsync(key, refused);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["events[1]", "events[2]", "events[3]", "events[4]"], errors.EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Contains("type", errors.GetProperty("events[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("future", errors.GetProperty("events[2]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("eventId", errors.GetProperty("events[3]")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("playerId", errors.GetProperty("events[4]")[0].GetString(), StringComparison.Ordinal);

        // A later good request is moved; the refused request's valid event never is.
        var later = new[] { TelemetryApp.Event("p-later", Now) };
        Assert.Equal(HttpStatusCode.Accepted, (await telemetry.PostAsync(key, later)).StatusCode);
        await telemetry.MovedAsync(TelemetryApp.IdsOf(later));
        Assert.Equal(0, await telemetry.StoredAsync(TelemetryApp.IdsOf([good])));
    }

    [Fact]
    public async Task Malformed_json_is_400_and_more_than_the_limits_is_413()
    {
        var (_, key) = await telemetry.NewKeyAsync();

        var malformed = await telemetry.PostAsync(key, new StringContent("[{\"eventId\":", Encoding.UTF8, "application/json"));
        var notAnArray = await telemetry.PostAsync(key, new StringContent("{}", Encoding.UTF8, "application/json"));
        var badLine = await telemetry.PostAsync(key, new StringContent("{}\nnot json\n", Encoding.UTF8, "application/x-ndjson"));
        var tooMany = await telemetry.PostAsync(key, Enumerable.Range(0, 1_001).Select(i => TelemetryApp.Event($"p{i}", Now)));
        var tooManyLines = await telemetry.PostNdjsonAsync(key, Enumerable.Range(0, 1_001).Select(i => TelemetryApp.Event($"p{i}", Now)));
        var tooBig = await telemetry.PostAsync(key, new ByteArrayContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notAnArray.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLine.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyLines.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("1001", await tooManyLines.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", tooBig.Content.Headers.ContentType?.MediaType);
    }
}
