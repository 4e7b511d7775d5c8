using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Browser sessions live in Redis: the cookie signed in through web A works on web B, signing out on B ends it on A
/// too (a self-contained cookie would stay valid until it expires), and the session expires in Redis by itself.
/// </summary>
[Collection(Cluster.Collection)]
public sealed partial class SharedSessionTests(Cluster cluster)
{
    private const string SessionKeys = "tellal:session:*";
    private const string AuthCookie = "tellal.auth";

    [Fact]
    public async Task A_session_signed_in_on_one_web_node_works_on_the_other_and_signing_out_there_ends_it_everywhere()
    {
        var (userName, password) = await NewUserAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        var before = await SessionsAsync(redis);

        // One cookie jar for both nodes (cookies do not care about ports): a browser moving between nodes.
        var cookies = new CookieContainer();
        using var onA = Browser(cluster.WebA.BaseAddress, cookies);
        using var onB = Browser(cluster.WebB.BaseAddress, cookies);
        var signIn = await onA.PostAsync(BrowserRoutes.SignInEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(onA, BrowserRoutes.SignInPage),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        var cookie = cookies.GetCookies(cluster.WebA.BaseAddress)[AuthCookie]?.Value;
        Assert.NotNull(cookie);

        var session = Assert.Single((await SessionsAsync(redis)).Except(before));
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(session);
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(7), TimeSpan.FromHours(8));

        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/notifications")).StatusCode);
        var signOut = await onB.PostAsync(BrowserRoutes.SignOutEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(onB, "/reports"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(session));

        // The browser dropped the cookie; a copy replayed on A (stolen, or another tab's) is worthless now.
        using var replay = new HttpClient { BaseAddress = cluster.WebA.BaseAddress };
        replay.DefaultRequestHeaders.Add("Cookie", $"{AuthCookie}={cookie}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync("/api/notifications")).StatusCode);
    }

    private async Task<(string UserName, string Password)> NewUserAsync()
    {
        using var admin = await TellalProcess.SignInAsync(cluster.Nginx, "admin", cluster.AdminPassword);
        var userName = $"session-{Guid.NewGuid():N}"[..20];
        var password = TestPasswords.New();
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password, roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (userName, password);
    }

    private static HttpClient Browser(Uri node, CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = node };

    /// <summary>Every page carries the antiforgery request token for its forms (and for scripts, in a meta tag).</summary>
    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string page)
    {
        var html = await browser.GetStringAsync(page);
        return AntiforgeryMeta().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {page}.");
    }

    private static async Task<HashSet<RedisKey>> SessionsAsync(ConnectionMultiplexer redis)
    {
        var keys = new HashSet<RedisKey>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: SessionKeys))
        {
            keys.Add(key);
        }

        return keys;
    }

    [GeneratedRegex("<meta name=\"antiforgery-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryMeta();
}
