using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging;

/// <summary>The messaging core, bound from <c>Tellal:Messaging</c>.</summary>
public sealed record MessagingOptions
{
    public const string Section = "Tellal:Messaging";
    public const string AutomaticTransport = "auto";

    [Description("The primary transport, which carries every queue no routing rule sends elsewhere: auto (RabbitMQ when "
        + "ConnectionStrings:rabbitmq is set, else Local), or local, rabbitmq, redis or kafka, whose connection string must then be set.")]
    [RegularExpression("^(auto|local|rabbitmq|redis|kafka)$")]
    public string Transport { get; init; } = AutomaticTransport;

    public RelayOptions Relay { get; init; } = new();

    [Description("Retry schedule for every message type unless RetryByType names it.")]
    public RetryOptions Retry { get; init; } = new();

    [Description("Retry schedule per message type name, e.g. RetryByType:tellal.reports.generate-report.v1:MaxAttempts.")]
    public Dictionary<string, RetryOptions> RetryByType { get; init; } = [];

    [Description("Per-queue overrides of concurrency and batch size, e.g. Queues:reports.generate:Concurrency.")]
    public Dictionary<string, QueueOverride> Queues { get; init; } = [];

    public LocalTransportOptions Local { get; init; } = new();

    public RoutingOptions Routing { get; init; } = new();

    [Description("Deliveries of one attempt before the message is dead-lettered: catches messages that crash their consumer.")]
    [Range(1, 1000)]
    public int MaxDeliveries { get; init; } = 10;

    [Description("How long handled message ids are kept for duplicate detection.")]
    public TimeSpan InboxRetention { get; init; } = TimeSpan.FromDays(7);
}

public sealed record RelayOptions
{
    [Description("Outbox messages moved to the transport per round trip.")]
    [Range(1, 5000)]
    public int BatchSize { get; init; } = 500;

    [Description("How often the relay looks for messages committed by other processes or coming due.")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    [Description("How long a relay owns the messages it claimed before another node may take them over.")]
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    [Description("How long a message committed on a node is reserved for that node's own sender, which sends it at once; "
        + "if the node dies first, any relay sends it after this.")]
    public TimeSpan HandoffLease { get; init; } = TimeSpan.FromSeconds(10);
}

public sealed record RetryOptions
{
    [Description("Attempts including the first; after the last one the message goes to the dead-letter store.")]
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 5;

    [Description("Delay before the second attempt; each later delay doubles.")]
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    [Description("Upper bound of the delay between attempts before its jitter, which spreads it by Jitter either way.")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Random spread of each delay (0.2 = up to 20% either way), so failed messages do not retry in lockstep.")]
    [Range(0.0, 1.0)]
    public double Jitter { get; init; } = 0.2;
}

public sealed record QueueOverride
{
    [Range(1, 256)]
    public int? Concurrency { get; init; }

    [Range(1, 1000)]
    public int? BatchSize { get; init; }
}

public sealed record LocalTransportOptions
{
    [Description("How long a consumer owns a message; a consumer that dies loses it to another after this.")]
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    [Description("How often idle consumers look for messages sent by other processes.")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
