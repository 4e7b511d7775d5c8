using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Contracts.Catalogue;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Catalogue;
using Tellal.Inventory.Live;
using Tellal.Inventory.Reservations;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Registration;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;

namespace Tellal.Inventory;

/// <summary>Inventory: copies per game, reserved for confirmed rentals and released on return.</summary>
public sealed class InventoryModule : ITellalModule
{
    /// <summary>The rental events stock acts on. Named <c>inventory.*</c>: the event streams a partitioned transport carries.</summary>
    public const string RentalsQueue = "inventory.rentals";
    public const string CatalogueQueue = "inventory.catalogue";

    /// <summary>
    /// Stock changes on their way to the stock pages. Web nodes compete for them as for <c>notifications.push</c>: the one
    /// that takes a change pushes it through the hub, and SignalR's backplane takes it to every web node's connections.
    /// </summary>
    public const string PushQueue = "inventory.push";

    public string Name => "inventory";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        GameStock.Configure(modelBuilder);
        Reservation.Configure(modelBuilder);
    }

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<InventoryOptions>(InventoryOptions.Section);
        services.TryAddSingleton(TimeProvider.System);

        // Workers reserve: killing one mid-batch only hands its messages to another, whose conditional updates decide again.
        services.AddMessageQueue(new QueueDefinition(RentalsQueue, TellalRole.Worker) { HandlersInTransaction = true });
        // One consumer per node: announcements carry overlapping games, and two at once would only collide on inserts.
        services.AddMessageQueue(new QueueDefinition(CatalogueQueue, TellalRole.Worker) { Concurrency = 1 });
        services.AddBatchMessageHandler<RentalRequested, RentalRequestedHandler>(RentalsQueue);
        services.AddMessageHandler<RentalReturned, RentalReturnedHandler>(RentalsQueue);
        services.AddMessageHandler<GamesCatalogued, GamesCataloguedHandler>(CatalogueQueue);

        services.AddSignalR();
        services.Replace(ServiceDescriptor.Singleton<IUserIdProvider, SubjectUserIdProvider>());
        services.AddSingleton<StockNews>();
        services.AddMessageQueue(new QueueDefinition(PushQueue, TellalRole.Web) { HandlerTimeout = TimeSpan.FromSeconds(10) });
        services.AddMessageHandler<StockChanged, StockChangedHandler>(PushQueue);
        if (module.Roles.Runs(TellalRole.Web))
        {
            services.AddHostedService<StockPusher>();
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        StockEndpoints.Map(endpoints);
        endpoints.MapHub<StockHub>(StockHub.Path)
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Clerk, TellalPolicies.Admin))
            .BindConnectionsToUsers();
    }
}
