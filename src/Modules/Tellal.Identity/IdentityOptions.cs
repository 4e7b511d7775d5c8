using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Platform.Options;

namespace Tellal.Identity;

/// <summary>Bound from <c>Tellal:Auth</c> and <c>Tellal:Bootstrap</c>.</summary>
public sealed record AuthOptions
{
    public const string Section = "Tellal:Auth";

    [Description("Base64 key (at least 32 bytes) that signs bearer tokens. If unset, one is generated and stored in the database on first run.")]
    [Secret]
    public string? SigningKey { get; init; }

    [Description("Lifetime of a bearer token issued by POST /api/auth/token.")]
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(8);

    [Description("How long a node trusts what it read of a user's state (enabled, roles, password stamp) when it hears no news of a change; admins' changes are announced to every node at once over the coordination channel, so this only bounds a node that missed the news.")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AccountRecheck { get; init; } = TimeSpan.FromSeconds(5);

    [Description("How wrong passwords slow down further attempts (see docs/architecture.md, Security).")]
    public SignInThrottleOptions SignIn { get; init; } = new();
}

/// <summary>
/// Bound from <c>Tellal:Auth:SignIn</c>. Failures make later attempts wait, per account and per client address; the
/// wait is capped, so the owner with the right password always gets in. The rate limit bounds how fast one address
/// can try at all (each try costs a password hash).
/// </summary>
public sealed record SignInThrottleOptions
{
    [Description("Wrong passwords for one user name (on this node) before its attempts start to wait.")]
    [Range(0, 1000)]
    public int FreeAccountFailures { get; init; } = 3;

    [Description("Wrong passwords from one client address (on this node) before its attempts start to wait; higher, as an office may share one.")]
    [Range(0, 10000)]
    public int FreeClientFailures { get; init; } = 10;

    [Description("Wait after the first failure beyond the free ones; it doubles with each further failure.")]
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    [Description("The longest wait before a password is checked, however many failures came before.")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(4);

    [Description("A user name or address is forgotten this long after its last failure (its attempts stop waiting).")]
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromMinutes(15);

    [Description("Sign-in requests (token and form) one client address may make per minute; beyond that 429 with Retry-After.")]
    [Range(1, 100000)]
    public int RequestsPerMinute { get; init; } = 60;

    [Description("User names and addresses remembered at most; beyond that every new one waits the longest delay.")]
    [Range(100, 10000000)]
    public int MaxTracked { get; init; } = 100_000;
}

public sealed record BootstrapOptions
{
    public const string Section = "Tellal:Bootstrap";

    [Description("User name of the admin created on first run when no admin exists.")]
    [Required]
    public string AdminUserName { get; init; } = "admin";

    [Description("Password of that admin. If unset, a random one is generated and printed once to the console.")]
    [Secret]
    public string? AdminPassword { get; init; }
}
