using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tellal.Identity.Users;

namespace Tellal.Identity.Tokens;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string Issuer = "tellal";
    public const string Audience = "tellal-api";

    public async Task<AccessToken> IssueAsync(User user, CancellationToken cancellationToken)
    {
        var key = await keys.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var expires = now + options.Value.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(UserClaims.For(user)),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return new AccessToken(token, expires);
    }
}
