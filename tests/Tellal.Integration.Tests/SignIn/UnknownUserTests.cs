using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Identity.Users;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.SignIn;

/// <summary>
/// A sign-in with an unknown user name answers exactly like a wrong password for a real one, and costs the same: the
/// password is hashed either way (counted here, since timing measured in a test would be flaky), so neither the
/// answer nor its timing tells which names exist.
/// </summary>
public sealed class UnknownUserTests : IAsyncLifetime
{
    private readonly CountingHasher _hasher = new();
    private readonly TellalApp _app;

    public UnknownUserTests() => _app = new TellalApp(services => services.AddSingleton<IPasswordHasher<User>>(_hasher));

    public async ValueTask InitializeAsync() => await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_unknown_name_gets_the_answer_of_a_wrong_password_after_the_same_hashing()
    {
        var anonymous = _app.CreateClient();
        var wrongPassword = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = "not-the-password" });

        var checksBefore = _hasher.Verifications;
        var unknownName = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = $"nobody-{Guid.NewGuid():N}", password = "not-the-password" });
        Assert.Equal(checksBefore + 1, _hasher.Verifications);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(wrongPassword.StatusCode, unknownName.StatusCode);
        Assert.Equal(await ProblemAsync(wrongPassword), await ProblemAsync(unknownName));

        // The form says the same for both.
        var form = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(
            SignInForm.Location(await SignInForm.PostAsync(form, "admin", "not-the-password")),
            SignInForm.Location(await SignInForm.PostAsync(form, $"nobody-{Guid.NewGuid():N}", "not-the-password")));
    }

    /// <summary>Everything of the problem body but its trace id, which differs per request.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("|", body.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>The real hasher, counting its password checks.</summary>
    private sealed class CountingHasher : IPasswordHasher<User>
    {
        private readonly PasswordHasher<User> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(User user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
