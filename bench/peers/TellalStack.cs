#if TELLAL
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Peers.Bench.Core;
using Tellal.Messaging;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.RabbitMq;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Peers.Bench.Stacks;

[MessageType("peers.bench.job.v1")]
public sealed record TlJob(Guid Id, string Payload);

[MessageType("peers.bench.completed.v1")]
public sealed record TlCompleted(Guid Id);

/// <summary>The worker's state write (one row per job), committed with its inbox row and outgoing TlCompleted.</summary>
public sealed class TlJobRow { public long Seq { get; set; } public Guid JobId { get; set; } }

/// <summary>The completion consumer's state write; its commit is what the harness counts as "completed".</summary>
public sealed class TlDoneRow { public long Seq { get; set; } public Guid JobId { get; set; } }

public sealed class TlModel : IModelContributor
{
    public void ConfigureModel(ModelBuilder b)
    {
        b.Entity<TlJobRow>(e => { e.ToTable("peers_jobs"); e.HasKey(x => x.Seq); });
        b.Entity<TlDoneRow>(e => { e.ToTable("peers_done"); e.HasKey(x => x.Seq); });
    }
}

public sealed class TlJobHandler(TellalDbContext db, IMessagePublisher publisher, StackContext ctx) : IMessageHandler<TlJob>
{
    public async Task HandleAsync(TlJob message, MessageContext context, CancellationToken ct)
    {
        await ctx.SimulateWorkAsync(ct);
        db.Set<TlJobRow>().Add(new TlJobRow { JobId = message.Id });
        publisher.Publish(new TlCompleted(message.Id));
    }
}

public sealed class TlCompletedHandler(TellalDbContext db) : IMessageHandler<TlCompleted>
{
    public Task HandleAsync(TlCompleted message, MessageContext context, CancellationToken ct)
    {
        db.Set<TlDoneRow>().Add(new TlDoneRow { JobId = message.Id });
        return Task.CompletedTask;
    }
}

/// <summary>Reports a completion only after the transaction holding its TlDoneRow (and inbox row) committed.</summary>
public sealed class TlCommitProbe(StackContext ctx) : SaveChangesInterceptor
{
    // Rows being inserted, per context: after SaveChanges they are Unchanged and look like any other tracked row.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<Guid>> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData e, InterceptionResult<int> r, CancellationToken ct = default)
    {
        if (e.Context is { } c)
        {
            var ids = c.ChangeTracker.Entries<TlDoneRow>().Where(x => x.State == EntityState.Added).Select(x => x.Entity.JobId).ToList();
            if (ids.Count > 0) _pending.AddOrUpdate(c, ids);
        }
        return ValueTask.FromResult(r);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData e, int result, CancellationToken ct = default)
    {
        if (e.Context is { } c && _pending.TryGetValue(c, out var ids))
        {
            _pending.Remove(c);
            foreach (var id in ids) ctx.Completed(id);
        }
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData e, CancellationToken ct = default)
    {
        if (e.Context is { } c) _pending.Remove(c);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Tellal's messaging core (the product's own Tellal.Messaging + Tellal.Messaging.RabbitMq, built from the checkout named by
/// TELLAL_REPO) with everything it ships switched on: submit = outbox row committed in PostgreSQL; relay -> RabbitMQ (persistent,
/// confirms); worker = dispatcher batch with inbox rows + a state row + outgoing TlCompleted in one transaction; completion consumer
/// = another dispatcher with its inbox + state row. Queue concurrency/batch size are the product's defaults.
/// </summary>
public sealed class TellalStack(bool local = false) : IPipelineStack
{
    private static readonly QueueDefinition JobsQ = new("peers.jobs", TellalRole.Worker);
    private static readonly QueueDefinition DoneQ = new("peers.done", TellalRole.Notifier);
    private IHost? _host;
    private string _db = "";
    private string _admin = "";

    public string Name => local ? "tellal-local" : "tellal";
    private string? _dataDir;

    public string Describe(BenchOptions o) =>
        (local ? $"Tellal messaging core ({Environment.GetEnvironmentVariable("TELLAL_REV") ?? "?"}) on the Local transport + SQLite (the embedded default): queue table in the system database, " :
        $"Tellal messaging core ({Environment.GetEnvironmentVariable("TELLAL_REV") ?? "?"}) on RabbitMQ + PostgreSQL: transactional outbox, relay with confirms, ") +
        $"inbox + state row per message, product queue defaults (Concurrency {JobsQ.Concurrency}, BatchSize {JobsQ.BatchSize})";

    public async Task StartAsync(StackContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        if (local)
        {
            _dataDir = Path.Combine(Path.GetTempPath(), $"peers-tellal-local-{Environment.ProcessId}");
            if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, true);
            Directory.CreateDirectory(_dataDir);
            await StartHostAsync(ctx, new Dictionary<string, string?> { ["Tellal:DataDirectory"] = _dataDir }, ct);
            return;
        }
        _admin = new NpgsqlConnectionStringBuilder(o.PgConnectionString) { Database = "postgres" }.ConnectionString;
        _db = $"peers_tellal_{Environment.ProcessId}";
        await AdminAsync($"DROP DATABASE IF EXISTS {_db} WITH (FORCE)");
        await AdminAsync($"CREATE DATABASE {_db}");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:postgres"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _db }.ConnectionString,
            ["ConnectionStrings:rabbitmq"] = $"amqp://guest:guest@{o.RabbitHost}:{o.RabbitPort}/",
            ["Tellal:Messaging:RabbitMq:Prefix"] = $"peers{Environment.ProcessId}",
        };

        await StartHostAsync(ctx, settings, ct);
    }

    private async Task StartHostAsync(StackContext ctx, Dictionary<string, string?> settings, CancellationToken ct)
    {
        // Schema from the model (as the product's own benchmark does), by a node with no background work.
        using (var schema = Build(ctx, settings, background: false))
        {
            await using var scope = schema.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.EnsureCreatedAsync(ct);
        }

        _host = Build(ctx, settings, background: true);
        await _host.StartAsync(ct);
        await _host.Services.GetRequiredService<StartupGate>().WaitAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
    }

    private static IHost Build(StackContext ctx, Dictionary<string, string?> settings, bool background)
    {
        var b = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        b.Configuration.AddInMemoryCollection(settings);
        b.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        b.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        var s = b.Services;
        s.AddSingleton(ctx);
        s.AddTellalOptions<TellalOptions>(TellalOptions.Section);
        s.AddSingleton(new NodeIdentity($"peers-{Environment.ProcessId}"));
        s.AddSingleton(background ? RoleSet.All : RoleSet.None);
        s.AddSingleton<StartupGate>();
        s.AddTellalStorage(b.Configuration, migrationsAssembly: null);
        s.AddTellalMessaging(runBackgroundWork: background);
        s.AddRabbitMqTransportWhenConfigured(b.Configuration);
        s.AddSingleton<IModelContributor, TlModel>();
        s.AddSingleton<IInterceptor, TlCommitProbe>();
        s.AddMessageQueue(JobsQ);
        s.AddMessageQueue(DoneQ);
        s.AddMessageHandler<TlJob, TlJobHandler>(JobsQ.Name);
        s.AddMessageHandler<TlCompleted, TlCompletedHandler>(DoneQ.Name);
        return b.Build();
    }

    public async ValueTask SubmitAsync(JobMessage job, CancellationToken ct)
    {
        await using var scope = _host!.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IMessagePublisher>().Publish(new TlJob(job.Id, job.Payload));
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync(ct);
    }

    public async Task StopAsync(CancellationToken ct)
    {
        if (_host != null) await _host.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Dispose();
        if (local)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dataDir!, true); } catch { /* best effort */ }
            return;
        }
        NpgsqlConnection.ClearAllPools();
        try { await AdminAsync($"DROP DATABASE IF EXISTS {_db} WITH (FORCE)"); } catch { /* best effort */ }
    }

    private async Task AdminAsync(string sql)
    {
        await using var c = new NpgsqlConnection(_admin);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
#endif
