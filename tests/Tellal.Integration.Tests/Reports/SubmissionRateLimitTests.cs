using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.Reports;

/// <summary>One node whose bucket refills slowly (one submission a minute), so a burst is sure to run dry.</summary>
public sealed class RateLimitedApp : IAsyncLifetime
{
    public const int Burst = 3;

    public TellalApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Tellal:Reports:Quotas:SubmissionBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tellal:Reports:Quotas:SubmissionsPerMinute"] = "1",
    });

    public async ValueTask InitializeAsync() => await App.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The per-user rate limit on submissions (issue 11, point 4): a burst, then 429 with Retry-After; other users keep theirs.</summary>
public sealed class SubmissionRateLimitTests(RateLimitedApp limited) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task A_user_past_the_burst_gets_429_with_retry_after_and_another_user_is_not_affected()
    {
        var flooder = await limited.App.NewUserAsync(TellalPolicies.Requester);
        var request = new { reportType = "top-reviewed-games" };
        for (var i = 0; i < RateLimitedApp.Burst; i++)
        {
            await ReportsApp.SubmitAsync(flooder, request);
        }

        var refused = await flooder.PostAsJsonAsync("/api/reports", request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.Equal(RateLimitedApp.Burst, (await flooder.GetFromJsonAsync<JsonElement>("/api/reports")).GetArrayLength());

        await ReportsApp.SubmitAsync(await limited.App.NewUserAsync(TellalPolicies.Requester), request);
    }
}
