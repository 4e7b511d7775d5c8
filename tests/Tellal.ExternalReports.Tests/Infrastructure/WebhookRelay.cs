using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Infrastructure;

public sealed record CapturedWebhook(string Id, string Timestamp, string Signature, string Body, int ForwardedStatus);

/// <summary>
/// Sits between ReportHub and Tellal's webhook listener (both ways HTTPS with the test CA): passes deliveries on
/// unchanged and keeps a copy of each (to check ReportHub's signatures with the reference implementation), or plays an
/// overloaded Tellal (503 or a slow answer) without touching Tellal itself.
/// </summary>
public sealed class WebhookRelay : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _tellal;
    private readonly ConcurrentQueue<CapturedWebhook> _captured = new();

    public WebhookRelay(TestCertificateAuthority authority, int port, Uri tellalWebhook)
    {
        _tellal = new HttpClient(authority.TrustingHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(authority.ServerCertificate)));
        _app = builder.Build();
        _app.MapPost("/hook", context => RelayAsync(context, tellalWebhook));
        Url = new Uri($"https://127.0.0.1:{port}/hook");
    }

    public Uri Url { get; }

    /// <summary>When set, deliveries are refused with 503 (counted, not forwarded).</summary>
    public bool Unavailable { get; set; }

    /// <summary>Added before forwarding, as a slow, overloaded endpoint would answer.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<CapturedWebhook> Captured => [.. _captured];

    public Task StartAsync() => _app.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _tellal.Dispose();
    }

    private async Task RelayAsync(HttpContext context, Uri tellalWebhook)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers;
        var status = StatusCodes.Status503ServiceUnavailable;
        if (!Unavailable)
        {
            await Task.Delay(Delay, context.RequestAborted);
            using var forward = new HttpRequestMessage(HttpMethod.Post, tellalWebhook) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var name in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
            {
                forward.Headers.Add(name, headers[name].ToString());
            }

            using var answer = await _tellal.SendAsync(forward, context.RequestAborted);
            status = (int)answer.StatusCode;
        }

        _captured.Enqueue(new CapturedWebhook(headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body, status));
        context.Response.StatusCode = status;
    }
}
