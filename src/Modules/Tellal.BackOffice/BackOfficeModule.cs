using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Tellal.Platform.Modules;
using Tellal.Platform.Roles;

namespace Tellal.BackOffice;

/// <summary>
/// The staff-facing pages. They hold no state of their own: every page is a shell whose scripts use the JSON API
/// and the notification hub, so any web node serves any request.
/// </summary>
public sealed class BackOfficeModule : ITellalModule
{
    /// <summary>Where the scripts and styles are served (the path a Razor class library's wwwroot usually gets).</summary>
    public const string AssetsPath = "/_content/Tellal.BackOffice";

    public string Name => "backoffice";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
    }

    public void AddServices(ModuleServices module)
    {
        if (module.Roles.Runs(TellalRole.Web))
        {
            module.Services.AddRazorPages(options => options.Conventions.AllowAnonymousToPage("/Account/SignIn"));
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
    }

    /// <summary>Serves the embedded wwwroot; call before routing so assets skip authorization (they hold no data).</summary>
    public static void UseAssets(IApplicationBuilder app) => app.UseStaticFiles(new StaticFileOptions
    {
        RequestPath = AssetsPath,
        FileProvider = new EmbeddedFileProvider(typeof(BackOfficeModule).Assembly, "Tellal.BackOffice.wwwroot"),
        OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
    });
}
