using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Platform.Roles;

namespace Tellal.Messaging.Tests.Registration;

public sealed class MessageRegistryTests
{
    private readonly ServiceCollection _services = new();

    private MessageRegistry Registry => MessagingRegistrationExtensions.Registry(_services);

    private void AddBothQueues()
    {
        _services.AddMessageQueue(TestQueues.Pings);
        _services.AddMessageQueue(TestQueues.Audit);
    }

    [Fact]
    public void A_type_handled_on_two_queues_routes_to_both()
    {
        AddBothQueues();
        _services.AddMessageHandler<Ping, PingHandler>(TestQueues.Pings.Name);
        _services.AddMessageHandler<Ping, PingHandler>(TestQueues.Audit.Name);
        _services.AddMessageHandler<Pong, PongHandler>(TestQueues.Audit.Name);

        Assert.Equal([TestQueues.Pings.Name, TestQueues.Audit.Name], Registry.Route("tellal.test.ping.v1"));
        Assert.Equal([TestQueues.Audit.Name], Registry.Route("tellal.test.pong.v1"));
        Assert.Empty(Registry.Route("tellal.test.nobody.v1"));
    }

    [Fact]
    public void A_handler_is_found_by_queue_and_type_name()
    {
        AddBothQueues();
        _services.AddMessageHandler<Pong, PongHandler>(TestQueues.Audit.Name);

        var handler = Registry.Handler(TestQueues.Audit.Name, "tellal.test.pong.v1");
        Assert.NotNull(handler);
        Assert.Equal(typeof(Pong), handler.MessageType);
        Assert.Equal(typeof(PongHandler), handler.HandlerType);
        Assert.Null(handler.OnFinalFailure); // PongHandler has no final-failure hook
        Assert.Null(Registry.Handler(TestQueues.Pings.Name, "tellal.test.pong.v1"));
        Assert.Equal(typeof(Pong), Registry.ClrType("tellal.test.pong.v1"));
        Assert.Contains(_services, d => d.ServiceType == typeof(PongHandler) && d.Lifetime == ServiceLifetime.Scoped);
    }

    [Fact]
    public void A_handler_with_a_final_failure_hook_exposes_it()
    {
        AddBothQueues();
        _services.AddMessageHandler<Ping, PingHandler>(TestQueues.Pings.Name);

        var handler = Registry.Handler(TestQueues.Pings.Name, "tellal.test.ping.v1")!;
        Assert.NotNull(handler.OnFinalFailure);
        Assert.NotNull(handler.OnReplay);
    }

    [Fact]
    public void Every_registration_in_one_service_collection_shares_one_registry()
    {
        AddBothQueues();
        Assert.Same(Registry, MessagingRegistrationExtensions.Registry(_services));
        Assert.Single(_services, d => d.ServiceType == typeof(MessageRegistry));
        Assert.Equal(2, Registry.Queues.Count);
    }

    [Fact]
    public void A_second_handler_for_the_same_type_on_the_same_queue_is_refused()
    {
        AddBothQueues();
        _services.AddMessageHandler<Ping, PingHandler>(TestQueues.Pings.Name);

        var error = Assert.Throws<InvalidOperationException>(() => _services.AddMessageHandler<Ping, OtherPingHandler>(TestQueues.Pings.Name));
        Assert.Equal("Queue 'test.pings' already has a handler for 'tellal.test.ping.v1'.", error.Message);
    }

    [Fact]
    public void A_queue_defined_twice_with_different_settings_is_refused()
    {
        _services.AddMessageQueue(TestQueues.Pings);

        var error = Assert.Throws<InvalidOperationException>(() => _services.AddMessageQueue(TestQueues.Pings with { BatchSize = 1 }));
        Assert.Equal("Queue 'test.pings' is defined twice with different settings.", error.Message);
    }

    [Fact]
    public void A_queue_defined_twice_with_the_same_settings_is_one_queue()
    {
        _services.AddMessageQueue(TestQueues.Pings);
        _services.AddMessageQueue(new QueueDefinition(TestQueues.Pings.Name, TellalRole.Worker) { BatchSize = 8, HandlerTimeout = TimeSpan.FromSeconds(10) });

        Assert.Single(Registry.Queues);
    }

    [Fact]
    public void A_handler_on_an_undefined_queue_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _services.AddMessageHandler<Ping, PingHandler>("test.nowhere"));
        Assert.Equal("Unknown queue 'test.nowhere'.", error.Message);
    }

    [Fact]
    public void Two_types_with_the_same_wire_name_are_refused()
    {
        AddBothQueues();
        _services.AddMessageHandler<Ping, PingHandler>(TestQueues.Pings.Name);

        var error = Assert.Throws<InvalidOperationException>(() => _services.AddMessageHandler<PingImpostor, PingImpostorHandler>(TestQueues.Audit.Name));
        Assert.Contains("'tellal.test.ping.v1' is used by", error.Message);
        Assert.Contains(nameof(PingImpostor), error.Message);
    }

    [Fact]
    public void A_type_without_a_wire_name_is_refused()
    {
        AddBothQueues();

        var error = Assert.Throws<InvalidOperationException>(() => _services.AddMessageHandler<Unnamed, UnnamedHandler>(TestQueues.Pings.Name));
        Assert.Equal($"{typeof(Unnamed).FullName} has no [MessageType] attribute.", error.Message);
    }

    private sealed class OtherPingHandler : IMessageHandler<Ping>
    {
        public Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [MessageType("tellal.test.ping.v1")]
    private sealed record PingImpostor(int Number);

    private sealed class PingImpostorHandler : IMessageHandler<PingImpostor>
    {
        public Task HandleAsync(PingImpostor message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record Unnamed(string Key);

    private sealed class UnnamedHandler : IMessageHandler<Unnamed>
    {
        public Task HandleAsync(Unnamed message, MessageContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
