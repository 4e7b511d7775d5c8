using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Platform.Security;

namespace Tellal.Identity.Browser;

/// <summary>
/// Two ways in: API clients send a bearer token, browsers carry a cookie. A policy scheme picks one per request,
/// so every endpoint and the hub accept both without naming a scheme.
/// </summary>
internal static class BrowserAuthentication
{
    public const string Scheme = "Tellal";
    public const string CookieName = "tellal.auth";

    /// <summary>A session ends after this long without use (sliding: each use past half of it renews it).</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static AuthenticationBuilder AddTellalAuthentication(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("tellal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = ActivatorUtilities.CreateInstance<DatabaseXmlRepository>(provider)));
        services.AddAntiforgery(options => options.HeaderName = BrowserRoutes.AntiforgeryHeader);

        return services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or cookie", options => options.ForwardDefaultSelector = SelectScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.LoginPath = BrowserRoutes.SignInPage;
                options.AccessDeniedPath = "/";
                options.ExpireTimeSpan = SessionLifetime;
                options.SlidingExpiration = true;
                // Scripts and API clients need status codes; only page requests are sent to the sign-in page.
                options.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
            })
            .AddJwtBearer();
    }

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/openapi");

    private static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));
        return bearer ? JwtBearerDefaults.AuthenticationScheme : CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApiRequest(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(SameSite(context.Request, context.RedirectUri));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The cookie handler makes its redirects absolute from the request's Host header, which a client (or a proxy that
    /// forwards it unchecked) chooses: a forged Host would send the browser to another site. A relative redirect stays here.
    /// </summary>
    private static string SameSite(HttpRequest request, string redirectUri)
    {
        var origin = $"{request.Scheme}://{request.Host}";
        return redirectUri.StartsWith(origin, StringComparison.OrdinalIgnoreCase) ? redirectUri[origin.Length..] : redirectUri;
    }
}
