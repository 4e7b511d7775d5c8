using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;

namespace Tellal.Messaging.Tests.Transport;

public sealed class QueueRoutesTests
{
    private static readonly string[] Queues = ["rentals.orders", "rentals.returns", "inventory.stock", "reports.generate", "reports.external"];

    private static QueueRoutes Routes(string[] transports, Dictionary<string, string>? rules = null, string primary = MessagingOptions.AutomaticTransport)
    {
        var registry = new MessageRegistry();
        foreach (var queue in Queues)
        {
            registry.AddQueue(new QueueDefinition(queue, TellalRole.Worker));
        }

        var options = new MessagingOptions { Transport = primary, Routing = rules is null ? new RoutingOptions() : new RoutingOptions { Queues = rules } };
        return new QueueRoutes(registry, transports.Select(name => new TransportRegistration(name, typeof(object), Primary: name is "local" or "rabbitmq")),
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

    [Fact]
    public void Redis_carries_nothing_until_Transport_or_a_rule_names_it()
    {
        Assert.Equal(["local"], Routes(["local", "redis"]).InUse);

        var primary = Routes(["local", "rabbitmq", "redis"], primary: "redis");
        Assert.Equal("redis", primary.Primary);
        Assert.All(primary.ByQueue.Values, transport => Assert.Equal("redis", transport));

        var ruled = Routes(["local", "redis"], new() { ["reports.*"] = "redis" });
        Assert.Equal(["reports.generate", "reports.external"], ruled.QueuesOn("redis").Select(q => q.Name));
        Assert.Equal(["local", "redis"], ruled.InUse);
    }

    [Fact]
    public void A_primary_transport_that_is_not_configured_stops_the_node_with_the_setting_to_fix()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Routes(["local"], primary: "redis"));

        Assert.Contains("ConnectionStrings:redis", refused.Message, StringComparison.Ordinal);
        Assert.Single(RecursiveValidator.Validate(new MessagingOptions { Transport = "redys" }));
    }
}
