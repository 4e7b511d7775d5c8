using System.Security.Claims;
using Tellal.Platform.Security;

namespace Tellal.Identity.Users;

/// <summary>The claims of a signed-in user, the same in a bearer token and in the sign-in cookie.</summary>
internal static class UserClaims
{
    /// <summary>The user's <see cref="User.SecurityStamp"/> when the token or cookie was issued.</summary>
    public const string SecurityStampClaim = "stamp";

    /// <summary>
    /// Only what requests need: id, name, roles and the stamp. The email stays out (it is long, and nothing reads it
    /// from a principal): every request carries the cookie or token, and a large one fails every request with 431.
    /// </summary>
    public static List<Claim> For(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimsPrincipalExtensions.UserIdClaim, user.Id.ToString()),
            new(ClaimsPrincipalExtensions.UserNameClaim, user.UserName),
            new(SecurityStampClaim, user.SecurityStamp),
        };
        claims.AddRange(user.RoleList.Select(role => new Claim(ClaimsPrincipalExtensions.RoleClaim, role)));
        return claims;
    }

    public static ClaimsPrincipal Principal(User user, string authenticationType) => new(new ClaimsIdentity(
        For(user), authenticationType, ClaimsPrincipalExtensions.UserNameClaim, ClaimsPrincipalExtensions.RoleClaim));
}
