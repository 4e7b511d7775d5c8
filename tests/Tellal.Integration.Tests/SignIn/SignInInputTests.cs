using System.Net;
using System.Text;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Integration.Tests.SignIn;

/// <summary>
/// What anonymous callers can send to the sign-in endpoints, on a real server (Kestrel enforces body sizes; the
/// in-process test server does not): bodies are small, and a return URL with control or non-ASCII characters is
/// treated as absent instead of failing the sign-in.
/// </summary>
public sealed class SignInInputTests : IAsyncLifetime
{
    private static readonly string AdminPassword = TestPasswords.New();
    private readonly TempDirectory _data = new();
    private TellalProcess _node = null!;

    public async ValueTask InitializeAsync()
    {
        _node = TellalProcess.Start(_data.Path, new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
        });
        await _node.WaitUntilReadyAsync();
        (await _node.SignInAsync("admin", AdminPassword)).Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Large_bodies_to_the_anonymous_endpoints_are_refused_with_413()
    {
        using var http = new HttpClient { BaseAddress = _node.BaseAddress };
        var padding = new string('x', 1024 * 1024);
        var token = await http.PostAsync("/api/auth/token",
            new StringContent($$"""{"userName":"admin","password":"{{padding}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, token.StatusCode);

        // The form, with a valid antiforgery token: not read past the limit, no password checked.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _node.BaseAddress };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await SignInForm.PostAsync(browser, "admin", padding)).StatusCode);
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0d%0a/evil.example")]
    [InlineData("/r%C3%A9ports")]
    public async Task A_return_url_with_control_or_non_ascii_characters_is_treated_as_absent(string encoded)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _node.BaseAddress };
        var page = await browser.GetAsync($"/sign-in?returnUrl={encoded}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"returnUrl\" value=\"/\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var signedIn = await SignInForm.PostAsync(browser, "admin", AdminPassword, Uri.UnescapeDataString(encoded));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", SignInForm.Location(signedIn));
    }
}
