using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;

namespace Tellal.Messaging.Dispatch;

/// <summary>Consumes every queue that belongs to a role this node runs.</summary>
internal sealed class ConsumerHost(
    ITransport transport,
    MessageRegistry registry,
    MessageDispatcher dispatcher,
    RoleSet roles,
    StartupGate gate,
    IOptions<MessagingOptions> options,
    ILogger<ConsumerHost> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        var consumers = new List<Task>();
        foreach (var queue in registry.Queues.Where(q => roles.Runs(q.Role)))
        {
            var overrides = options.Value.Queues.GetValueOrDefault(queue.Name);
            var concurrency = overrides?.Concurrency ?? queue.Concurrency;
            var batchSize = overrides?.BatchSize ?? queue.BatchSize;
            logger.LogInformation("Consuming {Queue} on {Transport} with {Concurrency} consumer(s), batches of {BatchSize}",
                queue.Name, transport.For(queue.Name).Name, concurrency, batchSize);
            consumers.Add(transport.ConsumeAsync(queue, concurrency, batchSize,
                (batch, ct) => dispatcher.DispatchAsync(queue, batch, ct), stoppingToken));
        }

        await Task.WhenAll(consumers);
    }
}
