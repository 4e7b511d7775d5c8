namespace Tellal.Identity.Users;

/// <summary>The outcome of a password check: the user, a wrong name or password, or a lockout (and until when).</summary>
public sealed record SignInResult(User? User, DateTimeOffset? LockedUntil)
{
    public static SignInResult Invalid { get; } = new(null, null);

    public static SignInResult Success(User user) => new(user, null);

    public static SignInResult LockedOut(DateTimeOffset until) => new(null, until);
}
