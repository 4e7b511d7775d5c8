using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Contracts.Catalogue;
using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;
using Tellal.Rentals.Catalogue;
using Tellal.Rentals.Outcomes;
using Tellal.Rentals.Rentals;
using Tellal.Rentals.Rentals.Create;
using Tellal.Rentals.Rentals.Read;
using Tellal.Rentals.Rentals.Return;

namespace Tellal.Rentals;

/// <summary>Rentals: the counter's orders, from the clerk's request through stock's decision to the return.</summary>
public sealed class RentalsModule : ITellalModule
{
    /// <summary>Stock's decisions. Named <c>rentals.*</c>: the event streams a partitioned transport carries.</summary>
    public const string OutcomesQueue = "rentals.outcomes";
    public const string CatalogueQueue = "rentals.catalogue";

    public string Name => "rentals";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        Rental.Configure(modelBuilder);
        KnownGame.Configure(modelBuilder);
        KnownCustomer.Configure(modelBuilder);
    }

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<RentalsOptions>(RentalsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<CreateRentalValidator>();
        services.AddScoped<CreateRentalHandler>();
        services.AddScoped<RentalDecisions>();

        services.AddMessageQueue(new QueueDefinition(OutcomesQueue, TellalRole.Worker));
        // One consumer per node: announcements carry overlapping games, and two at once would only collide on inserts.
        services.AddMessageQueue(new QueueDefinition(CatalogueQueue, TellalRole.Worker) { Concurrency = 1 });
        services.AddBatchMessageHandler<RentalConfirmed, RentalConfirmedHandler>(OutcomesQueue);
        services.AddBatchMessageHandler<RentalRejected, RentalRejectedHandler>(OutcomesQueue);
        services.AddMessageHandler<GamesCatalogued, GamesCataloguedHandler>(CatalogueQueue);
        services.AddMessageHandler<CustomersCatalogued, CustomersCataloguedHandler>(CatalogueQueue);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Counter work: clerks, and admins who stand in for them.
        var rentals = endpoints.MapGroup("/api/rentals").WithTags("Rentals")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Clerk, TellalPolicies.Admin));
        CreateRentalEndpoint.Map(rentals);
        ReadRentalEndpoints.Map(rentals);
        ReturnRentalEndpoint.Map(rentals);
    }
}
