using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Messaging;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Http;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage.Retention;

namespace Tellal.Reports.External;

/// <summary>Wires the external path: options, the resilient signed client, the provider queue and its handlers.</summary>
internal static class ExternalReportsRegistration
{
    public const string Queue = "reports.external";

    public static void AddExternalReports(this ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<ExternalReportsOptions>(ExternalReportsOptions.Section);
        var options = module.Configuration.GetTellalOptions<ExternalReportsOptions>(ExternalReportsOptions.Section);
        services.AddSingleton<StandardWebhookVerifier>();
        services.AddTransient<RequestSigningHandler>();

        // Outermost first: the resilience pipeline (total timeout, retries honouring Retry-After, circuit breaker,
        // attempt timeout), then the signature, so every attempt is signed with its own timestamp.
        var client = services.AddHttpClient<ReportHubClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<ExternalReportsOptions>>().Value.BaseAddress();
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CaBundleTrust.Handler(sp.GetRequiredService<IOptions<ExternalReportsOptions>>().Value.CaBundlePath));
        client.AddResilientCalls(new ResilientCalls(options.AttemptTimeout, options.TotalTimeout, options.MaxRetries, options.RetryDelay,
            options.BreakDuration, options.FailureRatio, options.SamplingDuration, options.MinimumThroughput));
        client.AddHttpMessageHandler<RequestSigningHandler>();

        // Provider calls are I/O waits, not CPU: several at once per node. A failed call is retried by the messaging
        // core with backoff (the job waits in the queue), long enough to ride out a provider outage of many minutes.
        var slowestCall = options.TotalTimeout * 3;
        services.AddMessageQueue(new QueueDefinition(Queue, TellalRole.Worker) { Concurrency = 8, BatchSize = 1, HandlerTimeout = slowestCall + TimeSpan.FromMinutes(1) });
        services.AddMessageHandler<SubmitExternalReport, SubmitExternalReportHandler>(Queue);
        services.AddMessageHandler<CheckExternalReport, CheckExternalReportHandler>(Queue);
        var providerRetry = new RetryOptions { MaxAttempts = 40, InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(2) };
        services.Configure<MessagingOptions>(messaging =>
        {
            messaging.RetryByType.TryAdd(MessageRegistry.TypeNameOf(typeof(SubmitExternalReport)), providerRetry);
            messaging.RetryByType.TryAdd(MessageRegistry.TypeNameOf(typeof(CheckExternalReport)), providerRetry);
        });

        // Receipts exist only where webhooks are received; scheduler nodes delete the old ones (Tellal:Retention).
        if (options.IsConfigured)
        {
            services.AddSingleton<IRetentionRule, WebhookReceiptRetentionRule>();
        }
    }
}
