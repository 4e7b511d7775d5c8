using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Tellal.Identity.SignIn;

/// <summary>What every anonymous sign-in endpoint (token, form) gets: no user required, a small body, the per-address rate limit.</summary>
internal static class SignInEndpoint
{
    /// <summary>A user name, a password and a form token fit many times over; the server's default (30 MB) invites waste.</summary>
    public const long MaxBodyBytes = 16 * 1024;

    /// <summary>The size limit is applied by routing to the server's body-size feature: a larger body fails on reading with 413.</summary>
    public static RouteHandlerBuilder AsSignInEndpoint(this RouteHandlerBuilder endpoint, Func<HttpContext, IResult> refuse) =>
        SignInRateLimit.Apply(endpoint.AllowAnonymous().WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes)), refuse);
}
