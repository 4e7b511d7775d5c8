using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Kafka;
using Tellal.Messaging.RabbitMq;
using Tellal.Messaging.Redis;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.TestNode;

/// <summary>
/// Builds a test node from configuration keys: the storage keys of Tellal, <c>Tellal:Messaging:*</c>, and
/// <c>Test:Consume</c> (consume the test queue), <c>Test:Concurrency</c>, <c>Test:BatchSize</c>, <c>Test:PoisonKeys</c>, <c>Test:CrashKeys</c>, <c>Test:NodeName</c>,
/// <c>Test:AlsoQueue</c> (a second queue that handles the test message too, e.g. one routed to another transport).
/// </summary>
public static class TestNodeHost
{
    public static IHost Build(IConfiguration configuration, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        var consume = configuration.GetValue("Test:Consume", true);
        var services = builder.Services;
        services.AddTellalOptions<TellalOptions>(TellalOptions.Section);
        services.AddSingleton(new NodeIdentity(configuration["Test:NodeName"] ?? $"test-{Environment.ProcessId}"));
        services.AddSingleton(consume ? RoleSet.All : RoleSet.None);
        services.AddSingleton<StartupGate>();
        services.AddTellalStorage(configuration, migrationsAssembly: null);
        services.AddTellalMessaging(runBackgroundWork: true);
        services.AddRabbitMqTransportWhenConfigured(configuration);
        services.AddKafkaTransportWhenConfigured(configuration);
        services.AddRedisTransportWhenConfigured(configuration);
        services.AddSingleton<IModelContributor, TestModel>();
        var faults = new FaultSwitch();
        faults.PoisonKeys.UnionWith((configuration["Test:PoisonKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
        faults.CrashKeys.UnionWith((configuration["Test:CrashKeys"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
        services.AddSingleton(faults);
        var queue = TestModel.QueueDefinition(configuration.GetValue("Test:Concurrency", 2), configuration.GetValue("Test:BatchSize", 16));
        services.AddMessageQueue(queue);
        services.AddMessageHandler<RecordEffect, RecordEffectHandler>(TestModel.Queue);
        if (configuration["Test:AlsoQueue"] is { Length: > 0 } also)
        {
            services.AddMessageQueue(queue with { Name = also });
            services.AddMessageHandler<RecordEffect, RecordEffectHandler>(also);
        }
        configure?.Invoke(services);
        return builder.Build();
    }
}
