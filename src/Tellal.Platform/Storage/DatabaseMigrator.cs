using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tellal.Platform.Storage;

/// <summary>Applies migrations (at start-up or by `tellal migrate`) and answers whether the schema is current.</summary>
public sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    StorageConnection connection,
    IOptions<StorageOptions> options,
    ILogger<DatabaseMigrator> logger)
{
    /// <summary>
    /// What a node does at start-up and a CLI command before it uses the database: applies pending migrations, or,
    /// when <see cref="StorageOptions.MigrateOnStart"/> is off (migrations run explicitly, once per release), refuses
    /// an old schema with what to run.
    /// </summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await MigrateAsync(cancellationToken);
        }
        else if (!await IsCurrentAsync(cancellationToken))
        {
            throw new InvalidOperationException(
                $"The database schema is not current and {StorageOptions.Section}:{nameof(StorageOptions.MigrateOnStart)} is off; run `tellal migrate`.");
        }
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is current ({Provider})", connection.Provider);
            return;
        }

        logger.LogInformation("Applying {Count} migration(s) to {Database}: {Migrations}",
            pending.Count, connection.Describe(), string.Join(", ", pending));
        // EF Core takes a database-wide migration lock, so nodes starting together do not race.
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        return !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }
}
