using Microsoft.Net.Http.Headers;

namespace Tellal.Extensions;

/// <summary>
/// The browser-facing protections every response carries: a Content-Security-Policy that allows only this site's own
/// script and style files (the pages have no inline script or style, and the hub is same-origin, which 'self' covers
/// for ws:/wss: too), no framing, no MIME sniffing, no referrer to other sites, and no caching of API answers.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Call first. The headers are written when the response starts, not when the request comes in: the exception
    /// handler clears the headers of a failed request before writing its problem, and short-circuits (static files and
    /// their 304s, the start-up gate's 423, status-code pages) would otherwise skip them. A header a handler set itself
    /// (the start-up page's own policy, an endpoint's own Cache-Control) is left alone.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.TryAdd(HeaderNames.ContentSecurityPolicy, ContentSecurityPolicy);
        // For browsers too old for frame-ancestors.
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers.TryAdd("Referrer-Policy", "same-origin");
        // API answers are one user's data: neither the browser nor a proxy keeps them.
        if (context.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey(HeaderNames.CacheControl))
        {
            headers.CacheControl = "no-store";
        }
    }
}
