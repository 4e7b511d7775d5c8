using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// Until the node's prerequisites are in place, every request except probes gets 423 Locked with Retry-After and
/// a problem body (or, for a browser, a page) saying what the node waits for, instead of failing half-way on a
/// missing schema. The page holds a WebSocket on <see cref="ReadyEventsPath"/>, which this node answers the moment
/// its gate opens, and reloads itself then: no polling, no reload a second too late.
/// </summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public const string ReadyEventsPath = "/startup/events";

    /// <summary>Sockets held at once: every one waits on the gate; a flood beyond this gets 503 and the page's fallback reload.</summary>
    private const int MaxWaiting = 1000;

    /// <summary>Reloads when told the node is ready; if the socket fails (a proxy without upgrades), in 5 s anyway.</summary>
    private const string PageScript =
        "let s=new WebSocket(location.origin.replace(/^http/,'ws')+'" + ReadyEventsPath + "'),d=false;" +
        "s.onmessage=()=>{d=true;location.reload()};s.onclose=()=>{if(!d)setTimeout(()=>location.reload(),5000)};";

    private static int s_waiting;

    private const string PageStyle =
        "body{font-family:system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;color:#1f2937}main{text-align:center}p{color:#4b5563}";

    /// <summary>The page is served before the back office's files can be, so its style is inline, allowed by its hash alone.</summary>
    private static readonly string PagePolicy =
        $"default-src 'none'; style-src '{Hash(PageStyle)}'; script-src '{Hash(PageScript)}'; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.Equals(ReadyEventsPath, StringComparison.Ordinal))
        {
            await AnswerWhenReadyAsync(context);
            return;
        }

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

    /// <summary>"ready" once the gate is open (at once if it is), then a normal close; anonymous, as the page is.</summary>
    private async Task AnswerWhenReadyAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "A WebSocket request is expected here.").ExecuteAsync(context);
            return;
        }

        try
        {
            if (Interlocked.Increment(ref s_waiting) > MaxWaiting)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await gate.WaitAsync(context.RequestAborted);
            await socket.SendAsync("ready"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, context.RequestAborted);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "ready", context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // The page went away, or the node is stopping: nothing to tell.
        }
        finally
        {
            Interlocked.Decrement(ref s_waiting);
        }
    }

    private static string Hash(string inline) => $"sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)))}";

    private static string StartingUpPage(string detail) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>Tellal is starting up</title>
        <style>{{PageStyle}}</style></head>
        <body><main><h1>Tellal is starting up</h1><p>{{WebUtility.HtmlEncode(detail)}}</p>
        <p>This page opens by itself when the node is ready.</p></main><script>{{PageScript}}</script></body></html>
        """;
}
