using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// A collector stand-in: the OTLP/HTTP trace endpoint (<c>/{source}/v1/traces</c>, protobuf bodies kept whole) in
/// the test process. A node told <c>OTEL_EXPORTER_OTLP_ENDPOINT=http://.../{source}</c> and
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c> exports to it. A trace id is 16 raw bytes in the protobuf, so
/// "this process exported a span of that trace" is a byte search, without a protobuf parser.
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Source, byte[] Body)> _traces = new();

    private OtlpTraceReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/{source}/v1/{signal}", async (string source, string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            var stream = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
            await stream.CopyToAsync(body);
            if (signal == "traces")
            {
                _traces.Enqueue((source, body.ToArray()));
            }

            // An empty protobuf message is a valid (empty) export response.
            return Results.Bytes([], "application/x-protobuf");
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        var receiver = new OtlpTraceReceiver();
        await receiver._app.StartAsync();
        receiver.BaseAddress = new Uri(receiver._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        return receiver;
    }

    public string Endpoint(string source) => new Uri(BaseAddress, source).ToString();

    /// <summary>True once <paramref name="source"/> exported a span whose trace id is <paramref name="traceId"/>.</summary>
    public bool HasSpanOf(string source, byte[] traceId) =>
        _traces.Any(export => export.Source == source && export.Body.AsSpan().IndexOf(traceId) >= 0);

    /// <summary>What each source exported so far, for a failure message: trace exports, and whether one holds the trace.</summary>
    public string Describe(byte[] traceId) => string.Join("; ", _traces.GroupBy(export => export.Source).Select(source =>
        $"{source.Key}: {source.Count()} export(s), trace {(source.Any(export => export.Body.AsSpan().IndexOf(traceId) >= 0) ? "seen" : "not seen")}"));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
