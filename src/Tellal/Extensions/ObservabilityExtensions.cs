using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Tellal.Messaging;
using Tellal.Operations;
using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

public static class ObservabilityExtensions
{
    /// <summary>
    /// Metrics (scraped at <c>/metrics</c>) and traces. Traces and metrics are also exported over OTLP when the
    /// standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable names a collector (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>:
    /// <c>grpc</c> by default, or <c>http/protobuf</c>). Every span and metric names the node and its roles, so one
    /// report's trace shows which process did what (README, "Observability").
    /// </summary>
    public static WebApplicationBuilder AddTellalObservability(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("tellal").AddDetector(NodeResource.Detector))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(MessagingMetrics.MeterName)
                    .AddMeter(OperationsMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsProbe(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddSource(MessagingMetrics.MeterName);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics");
}
