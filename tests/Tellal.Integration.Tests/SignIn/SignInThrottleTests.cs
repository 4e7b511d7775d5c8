using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.SignIn;

/// <summary>
/// Wrong passwords slow the next attempts down (per user name and per address) but never lock the owner out, through
/// the API and the form alike, even from the attacker's own address (all requests here share one). One address is
/// also limited in how often it may try at all.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private const string Password = "the-owners-password";
    private readonly TellalApp _app = new(settings: new Dictionary<string, string?> { ["Tellal:Auth:SignIn:RequestsPerMinute"] = "20" });
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task After_many_wrong_passwords_the_owner_still_gets_in_with_the_right_one_after_a_short_wait()
    {
        var userName = await CreateUserAsync();
        var anonymous = _app.CreateClient();
        var form = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            if (attempt % 2 == 0)
            {
                var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password = $"wrong-password-{attempt}" });
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }
            else
            {
                Assert.Contains("error=invalid", SignInForm.Location(await SignInForm.PostAsync(form, userName, $"wrong-password-{attempt}")), StringComparison.Ordinal);
            }
        }

        // Six failures for this name: the next attempt waits (1 s by default) before its password is even checked.
        var clock = Stopwatch.StartNew();
        var right = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName, password = Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"the attempt after six failures answered in {clock.Elapsed}");

        // The form too, with the name in another case (names are case-insensitive).
        Assert.Equal("/reports", SignInForm.Location(await SignInForm.PostAsync(form, userName.ToUpperInvariant(), Password, "/reports")));
    }

    [Fact]
    public async Task One_address_making_too_many_sign_in_requests_gets_429_with_retry_after()
    {
        // In parallel, as a guesser would (one after the other, the throttle's waits already slow it down). The
        // budget is 20 a minute; the admin's sign-in used one.
        var anonymous = _app.CreateClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(attempt =>
            anonymous.PostAsJsonAsync("/api/auth/token", new { userName = $"nobody-{attempt}", password = "wrong-password" })));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"answered {(int)a.StatusCode}"));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 10, $"only {refused.Count} of 30 refused");
        Assert.All(refused, r =>
        {
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        });
    }

    private async Task<string> CreateUserAsync()
    {
        var userName = $"owner-{Guid.NewGuid():N}"[..20];
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return userName;
    }
}
