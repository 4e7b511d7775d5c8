using Microsoft.Extensions.Options;

namespace ReportHub;

public static class ReportHubSetup
{
    public static void AddReportHub(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReportHubOptions>().BindConfiguration(ReportHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportHubOptions>, NestedOptionsValidation>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FaultState(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ReportHubOptions>>().Value.Faults));
        services.AddSingleton<HubStatistics>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<ResultFiles>();
        services.AddSingleton<JobSignal>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddSingleton<DownloadUrls>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<IReportKind, MarketTopGamesKind>();
        services.AddSingleton<IReportKind, MarketPriceIndexKind>();
        services.AddSingleton<ReportKinds>();
        services.AddHostedService<JobWorkers>();
        services.AddHostedService<WebhookSender>();
        services.AddHttpClient(WebhookSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => CaTrust.Handler(sp.GetRequiredService<IOptions<ReportHubOptions>>().Value.TrustedCaPath));
        services.AddProblemDetails();
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "ReportHub";
            document.Info.Version = "v1";
            document.Info.Description = "Reports as a service. Requests to /v1/jobs are signed: see docs/reporthub.md in the repository.";
            return Task.CompletedTask;
        }));
    }

    public static void UseReportHub(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<FaultMiddleware>();
        app.MapOpenApi();
        app.MapGet("/health", () => Results.Ok("healthy")).ExcludeFromDescription();
        JobEndpoints.Map(app);
        AdminEndpoints.Map(app);
    }

    /// <summary>ValidateDataAnnotations skips nested records: validate the subscriber's section too.</summary>
    private sealed class NestedOptionsValidation : IValidateOptions<ReportHubOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReportHubOptions options)
        {
            var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
            System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options.Subscriber,
                new System.ComponentModel.DataAnnotations.ValidationContext(options.Subscriber), results, validateAllProperties: true);
            return results.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(results.Select(r => $"ReportHub:Subscriber:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
