using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Platform.Modules;
using Tellal.Telemetry.Keys;

namespace Tellal.Telemetry;

/// <summary>
/// Telemetry: what players do in the company's game apps. The API runs in the web role; the pipeline that stages and
/// moves the events runs in the ingest role.
/// </summary>
public sealed class TelemetryModule : ITellalModule
{
    public string Name => "telemetry";

    public void ConfigureModel(ModelBuilder modelBuilder) => AppKey.Configure(modelBuilder);

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AppKeyStore>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AppKeyAuthentication>(AppKeyAuthentication.SchemeName, configureOptions: null);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
