using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Benchmarks;

/// <summary>
/// Changes to try against the product's defaults without editing src/: each is off unless named with
/// <c>--experiment</c>, and rows measured with one carry its name in the label. Results are proposals, not product.
/// </summary>
public static class Experiments
{
    public const string SqliteBusyTimeout = "sqlite-busy-timeout";
    public const string MinThreads = "min-threads";
    public const string SingletonDbOptions = "singleton-db-options";

    public static readonly IReadOnlyList<string> Known = [SqliteBusyTimeout, MinThreads, SingletonDbOptions];

    public static void Apply(IReadOnlyCollection<string> experiments, IServiceCollection services)
    {
        if (experiments.Contains(SqliteBusyTimeout))
        {
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself by sleeping 150 ms per attempt; SQLite's own busy
            // handler instead waits inside the call in steps of 1, 2, 5, 10 ... ms, so a writer queued behind a
            // sub-millisecond commit waits about that long instead of 150 ms.
            services.AddSingleton<IInterceptor, SqliteBusyTimeoutInterceptor>();
        }

        if (experiments.Contains(SingletonDbOptions))
        {
            // AddDbContext builds DbContextOptions per scope by default (optionsLifetime: Scoped), so every
            // publish, claim and dispatch re-runs UseSqlite/UseNpgsql, the interceptor lookup and EF's
            // service-provider cache lookup. The options depend only on singletons: build them once.
            for (var i = 0; i < services.Count; i++)
            {
                var descriptor = services[i];
                if (descriptor.ServiceType.IsGenericType
                    && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.DbContextOptions<>)
                    || descriptor.ServiceType == typeof(Microsoft.EntityFrameworkCore.DbContextOptions))
                {
                    services[i] = descriptor.ImplementationFactory is { } factory
                        ? ServiceDescriptor.Singleton(descriptor.ServiceType, factory)
                        : descriptor;
                }
            }
        }
    }

    /// <summary>Process-wide settings, applied once at start.</summary>
    public static void ApplyProcessWide(IReadOnlyCollection<string> experiments)
    {
        if (experiments.Contains(MinThreads))
        {
            // Microsoft.Data.Sqlite's async methods run synchronously: every database call holds a pool thread,
            // and on 2 cores the pool grows by only a thread or two per second past its minimum of 2.
            ThreadPool.GetMinThreads(out _, out var io);
            ThreadPool.SetMinThreads(32, io);
        }
    }

    private sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            if (connection is not Microsoft.Data.Sqlite.SqliteConnection)
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 30000;";
            command.ExecuteNonQuery();
        }
    }
}
