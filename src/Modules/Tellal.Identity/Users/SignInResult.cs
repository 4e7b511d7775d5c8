namespace Tellal.Identity.Users;

/// <summary>The outcome of a password check: the user, a wrong name or password, a lockout (and until when), or a disabled account.</summary>
public sealed record SignInResult(User? User, DateTimeOffset? LockedUntil)
{
    /// <summary>The password was right but an admin disabled the account (said only to someone who knows the password).</summary>
    public bool AccountDisabled { get; private init; }

    public static SignInResult Disabled { get; } = new(null, null) { AccountDisabled = true };

    public static SignInResult Invalid { get; } = new(null, null);

    public static SignInResult Success(User user) => new(user, null);

    public static SignInResult LockedOut(DateTimeOffset until) => new(null, until);
}
