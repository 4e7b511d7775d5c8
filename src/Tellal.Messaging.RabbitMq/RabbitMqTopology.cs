using RabbitMQ.Client;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.RabbitMq;

/// <summary>
/// One durable direct exchange; one durable queue per Tellal queue routed to RabbitMQ, bound to the exchange once per message type it
/// handles (so a type published once reaches every subscribed queue), and reachable directly through the default
/// exchange by its name (retries and replays go to one queue only).
/// Queues are classic with <c>x-max-priority</c>: priorities are part of the contract (a high-priority report
/// overtakes waiting ones) and RabbitMQ 3.10's quorum queues have none. Messages are persistent and published with
/// confirms, so a broker restart loses nothing that was confirmed.
/// </summary>
internal sealed class RabbitMqTopology(RabbitMqOptions options, MessageRegistry registry, QueueRoutes routes)
{
    public string Exchange => $"{options.Prefix}.messages";

    public string QueueName(string queue) => $"{options.Prefix}.{queue}";

    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        foreach (var queue in routes.QueuesOn(RabbitMqOptions.TransportName))
        {
            var name = QueueName(queue.Name);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "classic", ["x-max-priority"] = (byte)2 },
                cancellationToken: cancellationToken);
            foreach (var type in registry.Handlers.Where(h => h.Queue == queue.Name).Select(h => h.TypeName))
            {
                await channel.QueueBindAsync(name, Exchange, type, cancellationToken: cancellationToken);
            }
        }
    }
}
