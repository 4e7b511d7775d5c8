using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
    private const long HistoryLockKey = 0x7465_6c6c_616c_6d68; // "tellalmh"

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
        var pending = await PendingAsync(db, cancellationToken);
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is current ({Provider})", connection.Provider);
            return;
        }

        logger.LogInformation("Applying {Count} migration(s) to {Database}: {Migrations}",
            pending.Count, connection.Describe(), string.Join(", ", pending));
        if (connection.Provider == DatabaseProvider.Postgres)
        {
            await CreateHistoryTableAsync(db, cancellationToken);
        }

        // EF Core takes a database-wide migration lock, so nodes starting together do not race.
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task<bool> IsCurrentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        return (await PendingAsync(db, cancellationToken)).Count == 0;
    }

    /// <summary>
    /// On a fresh PostgreSQL database Npgsql finds out that the history table is missing by querying it, and EF Core logs
    /// that failed query as an error: a new operator's first start would begin with a failure. Asking the catalog first
    /// keeps the first start clean (with no history table, every migration is pending).
    /// </summary>
    private async Task<List<string>> PendingAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        if (connection.Provider == DatabaseProvider.Postgres && !await HistoryTableExistsAsync(db, cancellationToken))
        {
            return db.Database.GetMigrations().ToList();
        }

        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }

    /// <summary>
    /// Creates the history table before EF Core looks for it (Npgsql looks by querying it, which EF Core logs as an
    /// error when it is missing). Nodes starting together on an empty database take turns: two concurrent
    /// <c>CREATE TABLE IF NOT EXISTS</c> may still collide in PostgreSQL's catalog.
    /// </summary>
    private static async Task CreateHistoryTableAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GetService<IHistoryRepository>().GetCreateIfNotExistsScript();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({HistoryLockKey})", cancellationToken);
        await db.Database.ExecuteSqlRawAsync(script, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>A plain command, outside EF Core's execution strategy: a database that cannot be reached fails with its own error.</summary>
    private static async Task<bool> HistoryTableExistsAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT to_regclass('{StorageServiceCollectionExtensions.MigrationsHistoryTable}') IS NOT NULL";
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
