using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tellal.Extensions;
using Tellal.Identity.Users;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Transport.Local;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;
using Tellal.Reports.Files;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Storage;

/// <summary>The storage layer on both providers: the embedded default (SQLite) and distributed mode (PostgreSQL).</summary>
public sealed class StorageTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrations_build_the_whole_model_and_leave_nothing_pending(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        await using var scope = store.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();

        Assert.Equal(provider == DatabaseProvider.Postgres, db.Database.IsNpgsql());
        Assert.True(await store.Host.Services.GetRequiredService<DatabaseMigrator>().IsCurrentAsync(CancellationToken.None));
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run eng/tools/AddMigration.");
        Assert.Equal(0, await db.Set<OutboxMessage>().CountAsync());
        Assert.Equal(0, await db.Set<InboxEntry>().CountAsync());
        Assert.Equal(0, await db.Set<DeadLetter>().CountAsync());
        Assert.Equal(0, await db.Set<LocalQueueMessage>().CountAsync());
        Assert.Equal(0, await db.Set<User>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Migrating_twice_is_harmless(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        await store.Host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        Assert.True(await store.Host.Services.GetRequiredService<DatabaseMigrator>().IsCurrentAsync(CancellationToken.None));
    }

    /// <summary>
    /// Both kinds of outgoing rows join the unit of work: on the embedded default the user's registration goes straight into
    /// the Local queue table (one row per subscribed queue), and a message due later (a timer) waits in the outbox.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task State_and_the_messages_it_publishes_commit_together_or_not_at_all(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        await AddUserAndPublishAsync(store.Host, "first-user");

        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => AddUserAndPublishAsync(store.Host, "first-user"));
        Assert.NotNull(duplicate);

        await using var scope = store.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        Assert.Equal(1, await db.Set<User>().CountAsync());
        var queued = await db.Set<LocalQueueMessage>().Select(m => m.Type).Distinct().ToListAsync();
        var waiting = await db.Set<OutboxMessage>().Select(m => m.Type).ToListAsync();
        Assert.Equal(["tellal.identity.user-registered.v1"], queued);
        Assert.Equal(["tellal.test.user-added.v1"], waiting);
    }

    private static async Task AddUserAndPublishAsync(IHost host, string userName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        await users.AddAsync(new NewUser(userName, "a-long-enough-password", [TellalPolicies.Requester]), CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<IMessagePublisher>().Publish(new UserAdded(userName), new PublishOptions { NotBefore = DateTimeOffset.UtcNow.AddHours(1) });
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
    }

    [Messaging.Envelopes.MessageType("tellal.test.user-added.v1")]
    private sealed record UserAdded(string UserName);

    /// <summary>
    /// Report files kept in the database (what distributed mode uses, so that no node needs a shared volume): a file
    /// joins the caller's unit of work and is stored only by its commit (with the report's outcome), a file larger
    /// than a chunk comes back byte for byte, a second rendering of the same report (a redelivered message) replaces
    /// the first entirely, and a deleted file is gone.
    /// </summary>
    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Report_files_in_the_database_are_stored_by_the_unit_of_work_come_back_whole_and_a_rewrite_replaces_them(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider, new Dictionary<string, string?> { ["Tellal:Reports:FileStorage"] = "Database" });
        var reportId = Guid.NewGuid();
        var large = RandomNumberGenerator.GetBytes((2 * 1024 * 1024) + 12_345);

        var uncommitted = await WriteFileAsync(store.Host, reportId, large, commit: false);
        Assert.Equal(large.LongLength, uncommitted.Size);
        Assert.Null(await ReadAllAsync(store.Host, uncommitted.FileName));

        var stored = await WriteFileAsync(store.Host, reportId, large, commit: true);
        Assert.Equal(large.LongLength, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(large)), stored.Sha256);
        Assert.Equal(large, await ReadAllAsync(store.Host, stored.FileName));

        var small = RandomNumberGenerator.GetBytes(1_000);
        var rewritten = await WriteFileAsync(store.Host, reportId, small, commit: true);
        Assert.Equal(stored.FileName, rewritten.FileName);
        Assert.Equal(small, await ReadAllAsync(store.Host, stored.FileName));

        // The chunk boundaries: a file of exactly one chunk, and an empty one, which is still a file.
        var oneChunk = RandomNumberGenerator.GetBytes(1024 * 1024);
        await WriteFileAsync(store.Host, reportId, oneChunk, commit: true);
        Assert.Equal(oneChunk, await ReadAllAsync(store.Host, stored.FileName));
        var empty = await WriteFileAsync(store.Host, reportId, [], commit: true);
        Assert.Equal(0, empty.Size);
        Assert.Equal(Array.Empty<byte>(), await ReadAllAsync(store.Host, stored.FileName));

        await using (var scope = store.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IReportFileStore>().DeleteAsync(stored.FileName, CancellationToken.None);
        }

        Assert.Null(await ReadAllAsync(store.Host, stored.FileName));
    }

    /// <summary>Renders <paramref name="content"/> as a handler would: in a scope whose unit of work commits, or is discarded.</summary>
    private static async Task<StoredReportFile> WriteFileAsync(IHost host, Guid reportId, byte[] content, bool commit)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<IReportFileStore>()
            .WriteAsync(reportId, "csv", stream => stream.WriteAsync(content).AsTask(), CancellationToken.None);
        if (commit)
        {
            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
        }

        return stored;
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Inbox_entries_past_their_retention_are_swept_in_batches_and_recent_ones_kept(DatabaseProvider provider)
    {
        await using var store = await Store.CreateAsync(provider);
        var inbox = store.Host.Services.GetServices<IRetentionRule>().Single(r => r.Name == "inbox entries");
        var now = DateTimeOffset.UtcNow;
        await using (var scope = store.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            // Five old ones with a batch of two: three batches, the last one partial.
            for (var i = 0; i < 5; i++)
            {
                db.Set<InboxEntry>().Add(new InboxEntry { Consumer = "q", MessageId = Guid.NewGuid(), HandledAt = (now - inbox.Retention - TimeSpan.FromMinutes(i + 1)).ToUnixTimeMilliseconds() });
            }

            var recent = new InboxEntry { Consumer = "q", MessageId = Guid.NewGuid(), HandledAt = (now - inbox.Retention + TimeSpan.FromMinutes(1)).ToUnixTimeMilliseconds() };
            db.Set<InboxEntry>().Add(recent);
            await db.SaveChangesAsync();

            Assert.Equal(5, await RetentionSweeper.SweepAsync(db, inbox, now, batchSize: 2, CancellationToken.None));
            Assert.Equal([recent.MessageId], await db.Set<InboxEntry>().AsNoTracking().Select(e => e.MessageId).ToListAsync());
            Assert.Equal(0, await RetentionSweeper.SweepAsync(db, inbox, now, batchSize: 2, CancellationToken.None));
        }
    }

    private static async Task<byte[]?> ReadAllAsync(IHost host, string fileName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await using var stream = await scope.ServiceProvider.GetRequiredService<IReportFileStore>().OpenReadAsync(fileName, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A migrated database of the given provider with the host's services (no background work).</summary>
    private sealed class Store : IAsyncDisposable
    {
        private readonly TempDirectory _directory = new();
        private PostgresDatabase? _postgres;

        public IHost Host { get; private set; } = null!;

        public static async Task<Store> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? extra = null)
        {
            var store = new Store();
            var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>()) { ["Tellal:DataDirectory"] = store._directory.Path };
            if (provider == DatabaseProvider.Postgres)
            {
                store._postgres = await PostgresDatabase.CreateAsync();
                settings["ConnectionStrings:postgres"] = store._postgres.ConnectionString;
            }

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddTellalServices(RoleSet.None, runBackgroundWork: false);
            store.Host = builder.Build();
            await store.Host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            return store;
        }

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }

            _directory.Dispose();
        }
    }
}
