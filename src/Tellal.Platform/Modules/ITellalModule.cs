using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Modules;

/// <summary>
/// A vertical slice of Tellal. Every process registers every module (so message routing and the database
/// model are the same on every node); what a module runs in the background depends on the active roles.
/// </summary>
public interface ITellalModule : IModelContributor
{
    string Name { get; }

    void AddServices(ModuleServices module);

    /// <summary>HTTP endpoints; called only on nodes that run the web role.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);
}

public sealed record ModuleServices(IServiceCollection Services, IConfiguration Configuration, RoleSet Roles);
