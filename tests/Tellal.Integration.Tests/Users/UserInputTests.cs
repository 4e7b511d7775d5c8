using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.Users;

/// <summary>What admins type when adding users: addresses that break mail or requests, names that differ only in case, two admins at once.</summary>
public sealed class UserInputTests : IAsyncLifetime
{
    private const string Password = "a-password-for-tests";
    private readonly TellalApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("long")]
    [InlineData("someone@example.com\r\nBcc: everyone@example.com")]
    [InlineData("someone@example.com\0")]
    [InlineData("<script>alert(1)</script>@example.com")]
    [InlineData("Someone <someone@example.com>")]
    [InlineData("someone")]
    public async Task An_email_that_is_not_one_plain_address_is_refused(string email)
    {
        email = email == "long" ? new string('a', 100_000) + "@example.com" : email;
        var response = await _admin.PostAsJsonAsync("/api/users", new { userName = NewName(), password = Password, roles = new[] { TellalPolicies.Requester }, email });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _), "no error for email");
    }

    [Fact]
    public async Task The_longest_address_is_accepted_and_kept_out_of_the_token()
    {
        var email = $"{new string('a', 64)}@{new string('b', 60)}.{new string('c', 60)}.{new string('d', 59)}.example";
        Assert.Equal(254, email.Length);
        var userName = NewName();
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { TellalPolicies.Requester }, email });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var user = await _app.SignedInClientAsync(userName, Password);
        var payload = user.DefaultRequestHeaders.Authorization!.Parameter!.Split('.')[1];
        var claims = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=').Replace('-', '+').Replace('_', '/')));
        Assert.DoesNotContain(email, claims, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/reports")).StatusCode);
    }

    [Fact]
    public async Task User_names_differing_only_in_case_are_one_account()
    {
        var userName = NewName();
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(userName)).StatusCode);
        var again = await CreateAsync(userName.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("userName", out _), "no error for userName");

        using var signedIn = await _app.SignedInClientAsync(userName.ToUpperInvariant(), Password);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/reports")).StatusCode);
    }

    [Fact]
    public async Task Admins_adding_the_same_name_at_once_get_one_created_and_problems_for_the_others()
    {
        for (var round = 0; round < 5; round++)
        {
            var userName = NewName();
            var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => CreateAsync(i % 2 == 0 ? userName : userName.ToUpperInvariant())));
            Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
            foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
            {
                Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, $"round {round}: answered {(int)refused.StatusCode}");
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    private Task<HttpResponseMessage> CreateAsync(string userName) =>
        _admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { TellalPolicies.Requester } });

    private static string NewName() => $"user-{Guid.NewGuid():N}"[..20];
}
