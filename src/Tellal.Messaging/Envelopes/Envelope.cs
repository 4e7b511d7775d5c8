namespace Tellal.Messaging.Envelopes;

public enum MessagePriority
{
    Low = 0,
    Normal = 1,
    High = 2,
}

/// <summary>
/// A message as it travels: the CloudEvents 1.0 context attributes, two extension attributes
/// (<c>priority</c>, <c>attempt</c>) and the JSON data. Transports map it to their own wire format
/// (table columns, AMQP properties, Kafka headers) without changing it.
/// </summary>
public sealed record Envelope
{
    public const string SpecVersion = "1.0";
    public const string JsonContentType = "application/json";

    /// <summary>Unique per message; retries and redeliveries keep it, which is what the inbox deduplicates on.</summary>
    public required Guid Id { get; init; }

    /// <summary>URI reference of the producer, <c>/tellal/{node}</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The message type name, e.g. <c>tellal.reports.generate-report.v1</c>.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>What the message is about, e.g. a report id; lets consumers and logs correlate without the data.</summary>
    public string? Subject { get; init; }

    /// <summary>W3C trace context of the publisher, so a trace spans web node, broker and worker.</summary>
    public string? TraceParent { get; init; }

    public string DataContentType { get; init; } = JsonContentType;

    public MessagePriority Priority { get; init; } = MessagePriority.Normal;

    /// <summary>1 for the first try; a scheduled retry carries the next number.</summary>
    public int Attempt { get; init; } = 1;

    public required string Data { get; init; }
}
