using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;

namespace Tellal.Messaging.Tests.Transport;

public sealed class QueueRoutesTests
{
    private static readonly string[] Queues = ["rentals.orders", "rentals.returns", "inventory.stock", "reports.generate", "reports.external"];

    private static QueueRoutes Routes(string[] transports, Dictionary<string, string>? rules = null)
    {
        var registry = new MessageRegistry();
        foreach (var queue in Queues)
        {
            registry.AddQueue(new QueueDefinition(queue, TellalRole.Worker));
        }

        var options = rules is null ? new MessagingOptions() : new MessagingOptions { Routing = new RoutingOptions { Queues = rules } };
        return new QueueRoutes(registry, transports.Select(name => new TransportRegistration(name, typeof(object), Primary: name != "kafka")),
            Microsoft.Extensions.Options.Options.Create(options));
    }

    [Fact]
    public void Without_Kafka_every_queue_stays_on_the_primary_transport()
    {
        var routes = Routes(["local", "rabbitmq"]);

        Assert.Equal("rabbitmq", routes.Primary);
        Assert.All(routes.ByQueue.Values, transport => Assert.Equal("rabbitmq", transport));
        Assert.Equal(["rabbitmq"], routes.InUse);
    }

    [Fact]
    public void With_Kafka_the_rental_and_stock_queues_travel_over_it_by_default()
    {
        var routes = Routes(["local", "kafka"]);

        Assert.Equal(["rentals.orders", "rentals.returns", "inventory.stock"], routes.QueuesOn("kafka").Select(q => q.Name));
        Assert.Equal(["reports.generate", "reports.external"], routes.QueuesOn("local").Select(q => q.Name));
        Assert.Equal(["local", "kafka"], routes.InUse);
    }

    [Fact]
    public void The_longest_matching_pattern_wins_and_primary_names_the_primary()
    {
        var routes = Routes(["local", "rabbitmq", "kafka"], new() { ["*"] = "kafka", ["reports.*"] = "primary", ["reports.external"] = "local" });

        Assert.Equal("kafka", routes.TransportOf("rentals.orders"));
        Assert.Equal("rabbitmq", routes.TransportOf("reports.generate"));
        Assert.Equal("local", routes.TransportOf("reports.external"));
    }

    [Fact]
    public void Unknown_transport_names_and_malformed_patterns_fail_validation()
    {
        var errors = RecursiveValidator.Validate(new MessagingOptions { Routing = new RoutingOptions { Queues = new() { ["rentals.*"] = "kafak", ["a b"] = "kafka" } } });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, error => error.Contains("'kafak'", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("'a b'", StringComparison.Ordinal));
    }
}
