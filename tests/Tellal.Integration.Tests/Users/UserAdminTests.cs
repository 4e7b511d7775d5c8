using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Notifications.Recipients;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Users;

/// <summary>Admins change roles, reset passwords and disable users over the API; the last admin stays.</summary>
public sealed class UserAdminTests : IAsyncLifetime
{
    private static readonly string Password = TestPasswords.New();
    private readonly TellalApp _app = new();
    private HttpClient _admin = null!;

    public async ValueTask InitializeAsync() => _admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_admin_changes_roles_resets_the_password_disables_and_enables_a_user()
    {
        var (id, userName) = await CreateAsync(TellalPolicies.Requester);
        using var asRequester = await _app.SignedInClientAsync(userName, Password);

        var roles = await _admin.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { TellalPolicies.Requester, TellalPolicies.Approver } });
        Assert.Equal(HttpStatusCode.OK, roles.StatusCode);
        Assert.Equal([TellalPolicies.Requester, TellalPolicies.Approver], Roles(await roles.Content.ReadFromJsonAsync<JsonElement>()));
        await AssertApproverIsAskedAsync(id, userName);
        await AssertRefusedSoonAsync(asRequester, "a token issued with the old roles");

        var chosen = TestPasswords.New();
        var reset = await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = chosen });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generatedPassword").ValueKind);
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(userName, Password));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(userName, chosen));

        var generated = await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { generate = true });
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var newPassword = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("generatedPassword").GetString()!;
        Assert.True(newPassword.Length >= 10);
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(userName, newPassword));

        using var beforeDisable = await _app.SignedInClientAsync(userName, newPassword);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);
        Assert.Equal("disabled", await StatusInListAsync(userName));
        await AssertRefusedSoonAsync(beforeDisable, "a token issued before the account was disabled");
        var refused = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password = newPassword });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        // Someone without the password learns nothing about the account.
        Assert.Equal(HttpStatusCode.Unauthorized, await TokenStatusAsync(userName, "not-the-password"));

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsync($"/api/users/{id}/enable", null)).StatusCode);
        Assert.Equal("active", await StatusInListAsync(userName));
        Assert.Equal(HttpStatusCode.OK, await TokenStatusAsync(userName, newPassword));
    }

    [Fact]
    public async Task Bad_input_and_unknown_users_get_problem_details()
    {
        var (id, _) = await CreateAsync(TellalPolicies.Requester);
        var openApi = await _admin.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "roles", "password", "disable", "enable" })
        {
            Assert.Contains($"\"/api/users/{{id}}/{path}\"", openApi, StringComparison.Ordinal);
        }

        await AssertFieldErrorAsync(await _admin.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = Array.Empty<string>() }), "roles");
        await AssertFieldErrorAsync(await _admin.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { "Chef" } }), "roles");
        await AssertFieldErrorAsync(await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = "short" }), "password");
        await AssertFieldErrorAsync(await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { password = TestPasswords.New(), generate = true }), "password");
        await AssertFieldErrorAsync(await _admin.PostAsJsonAsync($"/api/users/{id}/password", new { }), "password");

        var unknown = Guid.NewGuid();
        foreach (var response in new[]
        {
            await _admin.PutAsJsonAsync($"/api/users/{unknown}/roles", new { roles = new[] { TellalPolicies.Requester } }),
            await _admin.PostAsJsonAsync($"/api/users/{unknown}/password", new { generate = true }),
            await _admin.PostAsync($"/api/users/{unknown}/disable", null),
            await _admin.PostAsync($"/api/users/{unknown}/enable", null),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Nobody_removes_the_last_enabled_admin()
    {
        var adminId = await IdOfAsync("admin");
        await AssertConflictAsync(await _admin.PutAsJsonAsync($"/api/users/{adminId}/roles", new { roles = new[] { TellalPolicies.Requester } }));
        await AssertConflictAsync(await _admin.PostAsync($"/api/users/{adminId}/disable", null));

        // A second admin disables the first (whose token stops working): the second is now the last one and stays admin.
        var (secondId, second) = await CreateAsync(TellalPolicies.Admin);
        using var secondAdmin = await _app.SignedInClientAsync(second, Password);
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.PostAsync($"/api/users/{adminId}/disable", null)).StatusCode);
        await AssertRefusedSoonAsync(_admin, "the disabled admin's token");
        await AssertConflictAsync(await secondAdmin.PutAsJsonAsync($"/api/users/{secondId}/roles", new { roles = new[] { TellalPolicies.Approver } }));
        await AssertConflictAsync(await secondAdmin.PostAsync($"/api/users/{secondId}/disable", null));

        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.PostAsync($"/api/users/{adminId}/enable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secondAdmin.PutAsJsonAsync($"/api/users/{secondId}/roles", new { roles = new[] { TellalPolicies.Approver } })).StatusCode);
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_is_refused()
    {
        var (id, userName) = await CreateAsync(TellalPolicies.Requester, TellalPolicies.Approver);
        using var user = await _app.SignedInClientAsync(userName, Password);
        foreach (var response in new[]
        {
            await user.PutAsJsonAsync($"/api/users/{id}/roles", new { roles = new[] { TellalPolicies.Admin } }),
            await user.PostAsJsonAsync($"/api/users/{id}/password", new { generate = true }),
            await user.PostAsync($"/api/users/{id}/disable", null),
            await user.PostAsync($"/api/users/{id}/enable", null),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Equal([TellalPolicies.Requester, TellalPolicies.Approver], Roles(await UserAsync(userName)));
    }

    private async Task<(Guid Id, string UserName)> CreateAsync(params string[] roles)
    {
        var userName = $"user-{Guid.NewGuid():N}"[..20];
        var created = await _admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), userName);
    }

    private async Task<JsonElement> UserAsync(string userName) =>
        (await _admin.GetFromJsonAsync<JsonElement>("/api/users")).EnumerateArray().Single(u => u.GetProperty("userName").GetString() == userName);

    private async Task<Guid> IdOfAsync(string userName) => (await UserAsync(userName)).GetProperty("id").GetGuid();

    private async Task<string> StatusInListAsync(string userName)
    {
        var user = await UserAsync(userName);
        return user.GetProperty("disabled").GetBoolean() ? "disabled" : "active";
    }

    private async Task<HttpStatusCode> TokenStatusAsync(string userName, string password) =>
        (await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { userName, password })).StatusCode;

    /// <summary>The notifier's copy of the roles follows; then a report with personal data asks the new approver too.</summary>
    private async Task AssertApproverIsAskedAsync(Guid id, string userName)
    {
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = _app.Services.CreateAsyncScope();
            var recipient = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Recipient>().AsNoTracking().SingleAsync(r => r.UserId == id);
            return recipient.Roles.Split(',').Contains(TellalPolicies.Approver);
        }, "the notifier knows the user is an approver", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Accepted, (await _admin.PostAsJsonAsync("/api/reports", new { reportType = "afk-customers" })).StatusCode);
        using var approver = await _app.SignedInClientAsync(userName, Password);
        await Eventually.HoldsAsync(
            async () => (await approver.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("items").GetArrayLength() == 1,
            "the new approver is asked to review the request", TimeSpan.FromSeconds(60));
    }

    /// <summary>Tokens carry no revocation; the account check refuses them within seconds (on every web node).</summary>
    private static Task AssertRefusedSoonAsync(HttpClient client, string what) =>
        Eventually.HoldsAsync(async () => (await client.GetAsync("/api/reports")).StatusCode == HttpStatusCode.Unauthorized,
            $"{what} is refused", TimeSpan.FromSeconds(30));

    private static string[] Roles(JsonElement user) => user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToArray();

    private static async Task AssertFieldErrorAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    private static async Task AssertConflictAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
