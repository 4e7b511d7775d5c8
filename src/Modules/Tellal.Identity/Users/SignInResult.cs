namespace Tellal.Identity.Users;

/// <summary>The outcome of a password check: the user, a wrong name or password (one answer for both), or a disabled account.</summary>
public sealed record SignInResult(User? User)
{
    /// <summary>The password was right but an admin disabled the account (said only to someone who knows the password).</summary>
    public bool AccountDisabled { get; private init; }

    public static SignInResult Disabled { get; } = new((User?)null) { AccountDisabled = true };

    public static SignInResult Invalid { get; } = new((User?)null);

    public static SignInResult Success(User user) => new(user);
}
