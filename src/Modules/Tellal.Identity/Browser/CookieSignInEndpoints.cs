using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tellal.Identity.SignIn;
using Tellal.Identity.Users;
using Tellal.Platform.Security;

namespace Tellal.Identity.Browser;

/// <summary>
/// The sign-in and sign-out forms post here: plain form posts with an antiforgery token, answered with redirects,
/// so they work without JavaScript. Failures go back to the page with a reason code, never with details.
/// </summary>
internal static class CookieSignInEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(BrowserRoutes.SignInEndpoint, SignInAsync).AsSignInEndpoint(_ => BackToPage("busy", null)).DisableAntiforgery().ExcludeFromDescription();
        endpoints.MapPost(BrowserRoutes.SignOutEndpoint, SignOutAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, UserService users, CancellationToken cancellationToken)
    {
        // Read first: a body over the limit fails here with 413 (inside the antiforgery check it would be a 500).
        if (!context.Request.HasFormContentType)
        {
            return BackToPage("expired", null);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return BackToPage("expired", null);
        }

        var returnUrl = BrowserRoutes.IsLocalPath(form["returnUrl"]) ? form["returnUrl"].ToString() : "/";
        var userName = form["userName"].ToString().Trim();
        var password = form["password"].ToString();
        if (userName.Length == 0 || password.Length == 0)
        {
            return BackToPage("missing", returnUrl);
        }

        var result = await users.VerifyPasswordAsync(userName, password, ClientAddress.Of(context), cancellationToken);
        if (result.User is not { } user)
        {
            return BackToPage(result.AccountDisabled ? "disabled" : "invalid", returnUrl);
        }

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            UserClaims.Principal(user, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = false });
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        // A forged sign-out is a nuisance, not a breach, but the form carries a token anyway: every form does.
        if (await antiforgery.IsRequestValidAsync(context))
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }

        return Results.LocalRedirect(BrowserRoutes.SignInPage);
    }

    private static IResult BackToPage(string error, string? returnUrl) =>
        Results.LocalRedirect(BrowserRoutes.SignInPage + QueryString.Create(new Dictionary<string, string?> { ["error"] = error, ["returnUrl"] = returnUrl ?? "/" }));
}
