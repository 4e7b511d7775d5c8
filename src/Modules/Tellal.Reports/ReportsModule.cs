using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Platform.Modules;
using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports;

/// <summary>Reports: the warehouse tables, the report catalog and the renderers.</summary>
public sealed class ReportsModule : ITellalModule
{
    public string Name => "reports";

    public void ConfigureModel(ModelBuilder modelBuilder) => WarehouseModel.Configure(modelBuilder);

    public void AddServices(ModuleServices module)
    {
        module.Services.TryAddSingleton(TimeProvider.System);
        module.Services.AddSingleton<ReportCatalog>();
        module.Services.AddSingleton<ReportParameterValidator>();
        module.Services.AddSingleton<ReportRenderers>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // The report request API arrives with the request lifecycle.
    }
}
