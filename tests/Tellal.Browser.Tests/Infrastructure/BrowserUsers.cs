using System.Net;
using System.Net.Http.Json;

using Tellal.Testing;

namespace Tellal.Browser.Tests.Infrastructure;

/// <summary>Users the browser tests create through the admin API.</summary>
public static class BrowserUsers
{
    public static readonly string Password = TestPasswords.New();

    /// <summary>Creates a user and returns its name (password: <see cref="Password"/>).</summary>
    public static async Task<string> CreateAsync(HttpClient admin, string prefix, params string[] roles)
    {
        var userName = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var created = await admin.PostAsJsonAsync("/api/users", new { userName, password = Password, roles, email = $"{userName}@staff.tellal.test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return userName;
    }
}
