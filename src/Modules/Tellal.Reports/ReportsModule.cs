using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting.Operations;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage.Retention;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Expiry;
using Tellal.Reports.External;
using Tellal.Reports.Files;
using Tellal.Reports.Generation;
using Tellal.Reports.Progress;
using Tellal.Reports.Rendering;
using Tellal.Reports.Requests;
using Tellal.Reports.Requests.Manage;
using Tellal.Reports.Requests.Quotas;
using Tellal.Reports.Requests.Read;
using Tellal.Reports.Requests.Review;
using Tellal.Reports.Requests.Submit;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Apps;
using Tellal.Reports.Warehouse.Counter;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Contracts.Telemetry;

namespace Tellal.Reports;

/// <summary>Reports: the company's data (warehouse), the catalog, the request lifecycle and the workers that produce files.</summary>
public sealed class ReportsModule : ITellalModule
{
    public const string GenerateQueue = "reports.generate";
    public const string TimersQueue = "reports.timers";
    public const string WarehouseQueue = "reports.warehouse";

    public string Name => "reports";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        WarehouseModel.Configure(modelBuilder);
        ReportRequestModel.Configure(modelBuilder);
        ExternalJobModel.Configure(modelBuilder);
        ReportFileChunk.Configure(modelBuilder);
        ReportRunProgress.Configure(modelBuilder);
    }

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<ReportsOptions>(ReportsOptions.Section);
        var options = module.Configuration.GetTellalOptions<ReportsOptions>(ReportsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReportCatalog>();
        services.AddSingleton<IWorkPipeline, ReportPipeline>();
        services.AddSingleton<ReportParameterValidator>();
        services.AddSingleton<ReportRenderers>();
        if (StoresFilesInDatabase(options, module.Configuration))
        {
            // Scoped: it writes through the scope's unit of work.
            services.AddScoped<IReportFileStore, DatabaseReportFileStore>();
        }
        else
        {
            services.AddSingleton<IReportFileStore, FileSystemReportFileStore>();
        }

        services.AddTellalOptions<ReportQuotaOptions>(ReportQuotaOptions.Section);
        services.AddSingleton<SubmissionRateLimiter>();
        services.AddScoped<UnfinishedReportsQuota>();
        services.AddScoped<ReportWork>();
        services.AddSingleton<SubmitReportValidator>();
        services.AddScoped<SubmitReportHandler>();
        services.AddScoped<ReportOutcomes>();
        services.AddSingleton<IRetentionRule, ReportRunProgressRetentionRule>();

        // One report at a time per consumer: a report is minutes of work, not a message to batch. The handler's
        // own timeout (per type) ends a report as Failed; the queue's is a last resort above the longest one.
        var longest = options.Timeouts.Values.Append(options.Timeout).Max();
        services.AddMessageQueue(new QueueDefinition(GenerateQueue, TellalRole.Worker) { Concurrency = 2, BatchSize = 1, HandlerTimeout = longest + TimeSpan.FromMinutes(1) });
        services.AddMessageQueue(new QueueDefinition(TimersQueue, TellalRole.Scheduler) { Concurrency = 1 });
        services.AddMessageHandler<GenerateReport, GenerateReportHandler>(GenerateQueue);
        services.AddMessageHandler<ExpireReport, ExpireReportHandler>(TimersQueue);
        AddCounterRentals(services);
        // The players' apps: telemetry's roll-ups and decided purchases, on the same warehouse queue.
        services.AddMessageHandler<ActiveUsersRolledUp, ActiveUsersRolledUpHandler>(WarehouseQueue);
        services.AddMessageHandler<PurchaseDecided, PurchaseDecidedHandler>(WarehouseQueue);
        module.AddExternalReports();

        if (module.Roles.Runs(TellalRole.Worker))
        {
            services.AddSingleton<Platform.Hosting.IStartupTask, WarehouseSeeding>();
        }
    }

    /// <summary>Counter rentals reach the warehouse, so later reports count them.</summary>
    private static void AddCounterRentals(IServiceCollection services)
    {
        services.AddScoped<WarehouseRentalIds>();
        // One consumer per node: new warehouse ids are counted on from the largest, which concurrent batches would collide on.
        services.AddMessageQueue(new QueueDefinition(WarehouseQueue, TellalRole.Worker) { Concurrency = 1 });
        services.AddMessageHandler<RentalConfirmed, RentalConfirmedHandler>(WarehouseQueue);
        services.AddMessageHandler<RentalReturned, RentalReturnedHandler>(WarehouseQueue);
    }

    /// <summary>A shared PostgreSQL means nodes on other machines: only the database is sure to be shared with them.</summary>
    private static bool StoresFilesInDatabase(ReportsOptions options, IConfiguration configuration) => options.FileStorage switch
    {
        ReportFileStorage.Database => true,
        ReportFileStorage.FileSystem => false,
        _ => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageConnection.PostgresConnectionName)),
    };

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        ReportTypesEndpoint.Map(endpoints);
        SubmitReportEndpoint.Map(endpoints);
        ReadReportEndpoints.Map(endpoints);
        ReviewReportEndpoints.Map(endpoints);
        ManageReportEndpoints.Map(endpoints);
        WebhookEndpoint.Map(endpoints);
    }
}
