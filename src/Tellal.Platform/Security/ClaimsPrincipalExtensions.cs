using System.Security.Claims;

namespace Tellal.Platform.Security;

/// <summary>The claims every module reads from a signed-in user; Identity issues them.</summary>
public static class ClaimsPrincipalExtensions
{
    public const string UserIdClaim = "sub";
    public const string UserNameClaim = "name";
    public const string RoleClaim = "role";

    public static Guid GetUserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(UserIdClaim), out var id) ? id : throw new InvalidOperationException("The user is not signed in.");

    public static string GetUserName(this ClaimsPrincipal user) => user.FindFirstValue(UserNameClaim) ?? "";
}
