using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Messaging.Registration;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Telemetry.ActiveUsers;
using Tellal.Telemetry.Dashboard;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Keys;
using Tellal.Telemetry.Pipeline;
using Tellal.Telemetry.Purchases;

namespace Tellal.Telemetry;

/// <summary>
/// Telemetry: what players do in the company's game apps. The API runs in the web role; the pipeline that stages and
/// moves the events runs in the ingest role.
/// </summary>
public sealed class TelemetryModule : ITellalModule
{
    /// <summary>Accepted requests, one message each, waiting to be staged.</summary>
    public const string IngestQueue = "telemetry.ingest";

    public string Name => "telemetry";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        AppKey.Configure(modelBuilder);
        StagedEvent.Configure(modelBuilder);
        StoredEvent.Configure(modelBuilder);
        MoverLease.Configure(modelBuilder);
        Purchase.Configure(modelBuilder);
        ActiveUsersDay.Configure(modelBuilder);
    }

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<TelemetryOptions>(TelemetryOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AppKeyStore>();
        services.AddSingleton<IngestBacklog>();
        services.AddSingleton<IngestRate>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AppKeyAuthentication>(AppKeyAuthentication.SchemeName, configureOptions: null);

        services.AddMessageQueue(new QueueDefinition(IngestQueue, TellalRole.Ingest) { HandlersInTransaction = true });
        services.AddBatchMessageHandler<TelemetryEventsReceived, EventsReceivedHandler>(IngestQueue);
        if (module.Roles.Runs(TellalRole.Ingest))
        {
            services.AddHostedService<EventMover>();
        }

        module.AddPurchases();
        module.AddActiveUsers();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        IngestEndpoint.Map(endpoints);
        ActiveUsersEndpoint.Map(endpoints);
        ActiveUsersSeriesEndpoint.Map(endpoints);
        RevenueEndpoint.Map(endpoints);
        PipelineEndpoint.Map(endpoints);
    }
}
