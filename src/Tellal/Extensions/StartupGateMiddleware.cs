using System.Net;
using System.Security.Cryptography;
using System.Text;
using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// Until the node's prerequisites are in place, every request except probes gets 423 Locked with Retry-After and
/// a problem body (or, for a browser, a page that reloads itself) saying what the node waits for, instead of
/// failing half-way on a missing schema.
/// </summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    private const string PageStyle =
        "body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;color:#1f2937}main{text-align:center}p{color:#4b5563}";

    /// <summary>The page is served before the back office's files can be, so its style is inline, allowed by its hash alone.</summary>
    private static readonly string PagePolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(PageStyle)))}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        if (gate.IsOpen || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/metrics"))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status423Locked;
        context.Response.Headers.RetryAfter = "2";
        var detail = $"This node is {gate.Status}. Try again in a moment.";
        if (context.Request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.ContentSecurityPolicy = PagePolicy;
            await context.Response.WriteAsync(StartingUpPage(detail));
            return;
        }

        await Results.Problem(statusCode: StatusCodes.Status423Locked, title: "Tellal is starting up", detail: detail).ExecuteAsync(context);
    }

    private static string StartingUpPage(string detail) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>Tellal is starting up</title>
        <style>{{PageStyle}}</style></head>
        <body><main><h1>Tellal is starting up</h1><p>{{WebUtility.HtmlEncode(detail)}}</p>
        <p>This page reloads by itself.</p></main></body></html>
        """;
}
