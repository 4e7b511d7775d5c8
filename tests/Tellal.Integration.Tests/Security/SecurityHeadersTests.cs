using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Tellal.Integration.Tests.Infrastructure;

namespace Tellal.Integration.Tests.Security;

/// <summary>
/// Every kind of response carries the browser protections, including the ones that leave the pipeline early or are
/// rewritten on the way out (static files and their 304s, redirects, errors, problem details, the start-up page);
/// API answers are never cached; a forged Host header never reaches a redirect.
/// </summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private readonly TellalApp _app = new();
    private HttpClient _anonymous = null!;

    public async ValueTask InitializeAsync()
    {
        // Signing in once waits until the node is ready.
        using var _ = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        _anonymous = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public async ValueTask DisposeAsync()
    {
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Pages_files_redirects_errors_and_api_answers_all_carry_the_headers()
    {
        using var signIn = await _anonymous.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        AssertProtected(signIn);

        using var redirect = await _anonymous.GetAsync("/reports");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        AssertProtected(redirect);

        using var script = await _anonymous.GetAsync("/_content/Tellal.BackOffice/js/api.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        AssertProtected(script);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/_content/Tellal.BackOffice/js/api.js");
        conditional.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var notModified = await _anonymous.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        AssertProtected(notModified);

        using var missingFile = await _anonymous.GetAsync("/_content/Tellal.BackOffice/js/no-such-file.js");
        AssertProtected(missingFile);

        using var unauthorized = await _anonymous.GetAsync("/api/reports");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertProtected(unauthorized);
        AssertNotStored(unauthorized);

        // A malformed body goes through the exception handler, which clears the headers set before it.
        using var malformed = await _anonymous.PostAsync("/api/auth/token", new StringContent("{\"userName\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        AssertProtected(malformed);
        AssertNotStored(malformed);

        using var health = await _anonymous.GetAsync("/health/ready");
        AssertProtected(health);
    }

    [Fact]
    public async Task Api_answers_are_not_stored_and_repeated_requests_keep_the_headers()
    {
        using var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        for (var request = 0; request < 3; request++)
        {
            using var list = await admin.GetAsync("/api/users");
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            AssertProtected(list);
            AssertNotStored(list);

            using var missing = await admin.GetAsync($"/api/reports/{Guid.NewGuid()}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            AssertProtected(missing);
            AssertNotStored(missing);
        }

        using var invalid = await admin.PostAsJsonAsync("/api/users", new { userName = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        AssertProtected(invalid);
        AssertNotStored(invalid);
    }

    [Fact]
    public async Task A_forged_host_header_is_not_copied_into_the_sign_in_redirect()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports/new?x=1");
        request.Headers.Host = "evil.example";
        using var response = await _anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri, $"The redirect is absolute: {location}");
        Assert.StartsWith("/sign-in?", location.OriginalString);
        Assert.DoesNotContain("evil.example", location.OriginalString);
    }

    [Fact]
    public async Task The_starting_up_page_has_its_own_policy_and_the_common_headers()
    {
        // A database that never answers keeps the node starting up.
        await using var starting = new TellalApp(settings: new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1",
        });
        using var client = starting.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/reports");
        request.Headers.Accept.ParseAdd("text/html");
        using var page = await client.SendAsync(request);

        Assert.Equal((HttpStatusCode)423, page.StatusCode);
        AssertProtected(page);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("style-src 'sha256-", policy);

        using var api = await client.GetAsync("/api/reports");
        Assert.Equal((HttpStatusCode)423, api.StatusCode);
        AssertProtected(api);
        AssertNotStored(api);
    }

    private static void AssertProtected(HttpResponseMessage response)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var policy), $"No Content-Security-Policy on {what}");
        var directives = policy.Single();
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.DoesNotContain("unsafe-inline", directives);
        Assert.DoesNotContain("unsafe-eval", directives);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options", what));
        Assert.Equal("DENY", Single(response, "X-Frame-Options", what));
        Assert.Equal("same-origin", Single(response, "Referrer-Policy", what));
    }

    private static void AssertNotStored(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage?.RequestUri?.PathAndQuery} may be cached: {response.Headers.CacheControl}");

    private static string Single(HttpResponseMessage response, string header, string what) =>
        response.Headers.TryGetValues(header, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {header} on {what}");
}
