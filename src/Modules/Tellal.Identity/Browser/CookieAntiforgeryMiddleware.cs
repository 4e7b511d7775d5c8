using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Tellal.Identity.Browser;

/// <summary>
/// A browser sends the sign-in cookie with every request, also one a hostile page triggers: a cookie-authenticated
/// POST/PUT/PATCH/DELETE to the API must carry the antiforgery token the pages give their scripts. Bearer clients
/// are unaffected (another site cannot make a browser add an Authorization header).
/// </summary>
public sealed class CookieAntiforgeryMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (BrowserAuthentication.IsApiRequest(context.Request)
            && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme }
            && !await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The antiforgery token is missing or invalid; reload the page.")
                .ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
