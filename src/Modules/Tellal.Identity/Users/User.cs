namespace Tellal.Identity.Users;

public sealed class User
{
    public Guid Id { get; set; }
    public string UserName { get; set; } = "";

    /// <summary><see cref="UserName"/> upper-cased: unique, so <c>bob</c> and <c>BOB</c> are one account, on every provider.</summary>
    public string NormalizedUserName { get; set; } = "";

    public string? Email { get; set; }
    public string PasswordHash { get; set; } = "";

    /// <summary>Comma-separated role names (Requester, Approver, Admin): few, fixed, always read together.</summary>
    public string Roles { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Random, copied into every token and cookie issued; replaced when the password changes, which makes all of those
    /// stale (<see cref="AccountStatusGuard"/>). Empty for users created before stamps existed, as are their tokens.
    /// </summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Set by an admin: a disabled user cannot sign in or get a token until enabled again.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
