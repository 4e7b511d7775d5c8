using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tellal.Messaging;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.RabbitMq;
using Tellal.Messaging.Redis;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Benchmarks;

/// <summary>
/// A node composed like the product's (storage + messaging core + one queue and handler), with
/// <see cref="HandledProbe"/> watching commits. With <c>consume: false</c> it runs no background work at all
/// (no relay, no consumers): only the publishers' outbox commits are measured.
/// </summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchNode(IHost host)
    {
        _host = host;
        Probe = host.Services.GetRequiredService<HandledProbe>();
    }

    public HandledProbe Probe { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<BenchNode> StartAsync(BenchDatabase database, BenchOptions options, bool consume)
    {
        var settings = new Dictionary<string, string?>(database.Settings);
        foreach (var (key, value) in options.Settings)
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        // Warnings only: relay or consumer failures during a run must be visible, progress chatter must not.
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        // On PostgreSQL the start-up schema check queries the migrations history table, which a schema made by
        // EnsureCreated lacks: EF logs that expected failure as an error. Real failures surface through the relay's
        // and consumers' own warnings.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
        var services = builder.Services;
        services.AddTellalOptions<TellalOptions>(TellalOptions.Section);
        services.AddSingleton(new NodeIdentity($"bench-{Environment.ProcessId}"));
        services.AddSingleton(consume ? RoleSet.All : RoleSet.None);
        services.AddSingleton<StartupGate>();
        services.AddTellalStorage(builder.Configuration, migrationsAssembly: null);
        services.AddTellalMessaging(runBackgroundWork: consume);
        // As the host does: each transport is there when its connection string is set (BenchDatabase.Settings).
        services.AddRabbitMqTransportWhenConfigured(builder.Configuration);
        services.AddRedisTransportWhenConfigured(builder.Configuration);
        services.AddSingleton<IModelContributor, BenchModel>();
        services.AddSingleton<HandledProbe>();
        services.AddSingleton<IInterceptor>(provider => provider.GetRequiredService<HandledProbe>());
        services.AddMessageQueue(BenchModel.Queue);
        services.AddMessageHandler<BenchJob, BenchJobHandler>(BenchModel.Queue.Name);
        Experiments.Apply(options.Experiments, services);

        var host = builder.Build();
        await host.StartAsync();
        if (consume)
        {
            // The relay and consumers start behind the startup gate; timing starts when they can run.
            await host.Services.GetRequiredService<StartupGate>().WaitAsync(CancellationToken.None).WaitAsync(options.Timeout);
        }

        return new BenchNode(host);
    }

    /// <summary>Creates the tables from the model, as the test suite does (the product uses migrations).</summary>
    public async Task EnsureSchemaAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.EnsureCreatedAsync();
    }

    /// <summary>One publishing transaction: <paramref name="count"/> jobs committed by one SaveChanges.</summary>
    public async Task PublishAsync(int firstNumber, int count, DateTimeOffset scheduledAt)
    {
        await using var scope = Services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
        for (var i = 0; i < count; i++)
        {
            publisher.Publish(new BenchJob(firstNumber + i, scheduledAt));
        }

        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
    }

    /// <summary>Effects committed, and distinct messages among them: equal means nothing was handled twice.</summary>
    public async Task<(long Effects, long DistinctMessages)> CountEffectsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var effects = scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<BenchEffect>();
        return (await effects.LongCountAsync(), await effects.Select(e => e.MessageId).Distinct().LongCountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
