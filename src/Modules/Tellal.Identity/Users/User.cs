namespace Tellal.Identity.Users;

public sealed class User
{
    public Guid Id { get; set; }
    public string UserName { get; set; } = "";
    public string? Email { get; set; }
    public string PasswordHash { get; set; } = "";

    /// <summary>Comma-separated role names (Requester, Approver, Admin): few, fixed, always read together.</summary>
    public string Roles { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Wrong passwords in a row; reset by a successful sign-in.</summary>
    public int FailedSignIns { get; set; }

    /// <summary>Set after too many wrong passwords: until then nobody signs in as this user, even with the right one.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>Set by an admin: a disabled user cannot sign in or get a token until enabled again.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
