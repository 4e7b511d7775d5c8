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
