using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Options;

namespace Tellal.Platform.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>EF Core's migration history, named like every other table here (lower case, no quoting needed).</summary>
    public const string MigrationsHistoryTable = "ef_migrations_history";

    /// <summary>
    /// Registers <see cref="TellalDbContext"/> on the provider chosen by configuration.
    /// <paramref name="migrationsAssembly"/> holds the migrations (the host, which sees every module's model).
    /// </summary>
    public static IServiceCollection AddTellalStorage(this IServiceCollection services, IConfiguration configuration, string? migrationsAssembly)
    {
        services.AddTellalOptions<StorageOptions>(StorageOptions.Section);
        var connection = StorageConnection.Resolve(configuration);
        services.AddSingleton(connection);
        services.AddSingleton<DatabaseMigrator>();

        if (connection.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<TellalDbContext, PostgresTellalDbContext>((provider, options) => Configure(provider, options
                .UseNpgsql(connection.ConnectionString, npgsql =>
                {
                    npgsql.MigrationsAssembly(migrationsAssembly);
                    npgsql.MigrationsHistoryTable(MigrationsHistoryTable);
                })));
        }
        else
        {
            services.AddDbContextPool<TellalDbContext, SqliteTellalDbContext>((provider, options) => Configure(provider, options
                .UseSqlite(connection.ConnectionString, sqlite =>
                {
                    sqlite.MigrationsAssembly(migrationsAssembly);
                    sqlite.MigrationsHistoryTable(MigrationsHistoryTable);
                })
                .AddInterceptors(new SqlitePragmaInterceptor())));
        }

        return services;
    }

    /// <summary>
    /// Interceptors registered in DI (e.g. the outbox's relay wake-up) apply to every context. Contexts are pooled and
    /// their options built once: every message batch and every publish is a unit of work, and constructing a context with
    /// EF's services for each cost more CPU than the batch's own SQL (profiled at 200 messages/s).
    /// </summary>
    private static void Configure(IServiceProvider provider, DbContextOptionsBuilder options) =>
        options.ReplaceService<IModelCacheKeyFactory, ContributorModelCacheKeyFactory>()
            .UseModelContributors(provider.GetServices<IModelContributor>())
            .AddInterceptors(provider.GetServices<IInterceptor>());
}
