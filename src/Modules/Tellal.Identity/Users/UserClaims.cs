using System.Security.Claims;
using Tellal.Platform.Security;

namespace Tellal.Identity.Users;

/// <summary>The claims of a signed-in user, the same in a bearer token and in the sign-in cookie.</summary>
internal static class UserClaims
{
    public static List<Claim> For(User user)
    {
        var claims = new List<Claim>
        {
            new(ClaimsPrincipalExtensions.UserIdClaim, user.Id.ToString()),
            new(ClaimsPrincipalExtensions.UserNameClaim, user.UserName),
        };
        claims.AddRange(user.RoleList.Select(role => new Claim(ClaimsPrincipalExtensions.RoleClaim, role)));
        if (user.Email is not null)
        {
            claims.Add(new Claim(ClaimsPrincipalExtensions.EmailClaim, user.Email));
        }

        return claims;
    }

    public static ClaimsPrincipal Principal(User user, string authenticationType) => new(new ClaimsIdentity(
        For(user), authenticationType, ClaimsPrincipalExtensions.UserNameClaim, ClaimsPrincipalExtensions.RoleClaim));
}
