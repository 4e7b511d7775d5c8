using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Benchmarks.Reports;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;
using Tellal.Reports;
using Tellal.Reports.Catalog;
using Tellal.Reports.Files;
using Tellal.Reports.Rendering;

namespace Tellal.Benchmarks.Distributed;

/// <summary>
/// What the same workers achieve producing the same report with nothing around it: no messaging, no HTTP, no report
/// request row, no progress. Each report is the worker's own steps on a scope of its own (the dispatcher gives each
/// message one): the query, the renderer writing into the file store, and that scope's commit. The services are the
/// Reports module's, composed from the worker node's configuration, so the database and the file store are the ones
/// the worker uses. The files stored are deleted afterwards, outside the timing (a worker leaves them in place).
/// </summary>
public static class BareReportProduction
{
    /// <returns>Reports per second, over <paramref name="reports"/> produced by <paramref name="workers"/> at a time.</returns>
    public static async Task<double> MeasureAsync(IConfiguration nodeConfiguration, string reportType, ReportFormat format, int reports, int workers)
    {
        await using var services = Compose(nodeConfiguration);
        var type = services.GetRequiredService<ReportCatalog>().Find(reportType)
            ?? throw new InvalidOperationException($"Unknown report type '{reportType}'.");
        // A submit without parameters, as the pipeline's: the type's defaults.
        var parameters = services.GetRequiredService<ReportParameterValidator>().Validate(type, raw: null).Parameters
            ?? throw new InvalidOperationException($"'{type.Name}' has no valid defaults.");
        var renderer = services.GetRequiredService<ReportRenderers>().For(format);
        var stored = new ConcurrentBag<string>();
        async Task ProduceAsync(int count)
        {
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = workers }, async (_, cancellationToken) =>
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
                var table = await type.Query.RunAsync(db, parameters, NoProgress.Instance, cancellationToken);
                var file = await scope.ServiceProvider.GetRequiredService<IReportFileStore>().WriteAsync(
                    Guid.NewGuid(), format.ToString().ToLowerInvariant(), stream => renderer.RenderAsync(table, stream, cancellationToken), cancellationToken);
                // A store that writes through the scope's unit of work is stored by this commit, as the dispatcher's
                // commit stores it for the handler; one that stores the file itself leaves nothing to commit.
                await db.SaveChangesAsync(cancellationToken);
                stored.Add(file.FileName);
            });
        }

        try
        {
            // Warm-up (JIT, the model, the connection pool), as the nodes had theirs: not measured.
            await ProduceAsync(workers);
            var clock = Stopwatch.StartNew();
            await ProduceAsync(reports);
            return reports / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await DeleteAsync(services, stored);
        }
    }

    /// <summary>Storage and the Reports module as a node registers them, without roles: nothing runs in the background.</summary>
    private static ServiceProvider Compose(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddTellalOptions<TellalOptions>(TellalOptions.Section);
        services.AddTellalStorage(configuration, migrationsAssembly: null);
        var module = new ReportsModule();
        services.AddSingleton<IModelContributor>(module);
        module.AddServices(new ModuleServices(services, configuration, RoleSet.None));
        return services.BuildServiceProvider();
    }

    private static async Task DeleteAsync(IServiceProvider services, IEnumerable<string> fileNames)
    {
        await using var scope = services.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<IReportFileStore>();
        foreach (var fileName in fileNames)
        {
            await files.DeleteAsync(fileName, CancellationToken.None);
        }
    }
}
