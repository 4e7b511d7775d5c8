using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Users;

/// <summary>A password reset ends every session of the user: bearer tokens and cookies issued before stop working within seconds.</summary>
public sealed class SessionRevocationTests : IAsyncLifetime
{
    private const string Password = "the-old-password";
    private readonly TellalApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_password_reset_revokes_earlier_tokens_and_cookies_but_not_later_ones()
    {
        var userName = $"user-{Guid.NewGuid():N}"[..20];
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();

        using var token = await _app.SignedInClientAsync(userName, Password);
        using var cookie = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal("/reports", SignInForm.Location(await SignInForm.PostAsync(cookie, userName, Password, "/reports")));
        Assert.Equal(HttpStatusCode.OK, (await token.GetAsync("/api/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync("/api/reports")).StatusCode);

        var newPassword = TestPasswords.New();
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = newPassword })).StatusCode);
        using var afterReset = await _app.SignedInClientAsync(userName, newPassword);

        await Eventually.HoldsAsync(async () => (await token.GetAsync("/api/reports")).StatusCode == HttpStatusCode.Unauthorized,
            "the token issued before the reset is refused", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => (await cookie.GetAsync("/api/reports")).StatusCode == HttpStatusCode.Unauthorized,
            "the cookie issued before the reset is refused", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await afterReset.GetAsync("/api/reports")).StatusCode);
    }
}
