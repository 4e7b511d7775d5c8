using System.Globalization;
using System.Text;
using RabbitMQ.Client;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.RabbitMq;

/// <summary>
/// The envelope in the CloudEvents AMQP binding's binary mode: the data is the body, the context attributes are
/// application properties prefixed <c>cloudEvents:</c>; id, type, time and content type also fill the AMQP properties
/// so broker tools show them, except time: the AMQP timestamp is when the message was sent to the broker, from which on
/// it can be delivered (the management API's <c>head_message_timestamp</c>, see <see cref="RabbitMqHeadTimestamps"/>).
/// </summary>
internal static class AmqpEnvelope
{
    private const string Prefix = "cloudEvents:";

    public static BasicProperties Properties(Envelope envelope, DateTimeOffset sentAt)
    {
        var headers = new Dictionary<string, object?>
        {
            [Prefix + "specversion"] = Envelope.SpecVersion,
            [Prefix + "id"] = envelope.Id.ToString(),
            [Prefix + "source"] = envelope.Source,
            [Prefix + "type"] = envelope.Type,
            [Prefix + "time"] = envelope.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            [Prefix + "priority"] = envelope.Priority.ToString().ToLowerInvariant(),
            [Prefix + "attempt"] = envelope.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (envelope.Subject is not null)
        {
            headers[Prefix + "subject"] = envelope.Subject;
        }

        if (envelope.TraceParent is not null)
        {
            headers[Prefix + "traceparent"] = envelope.TraceParent;
        }

        return new BasicProperties
        {
            Persistent = true,
            MessageId = envelope.Id.ToString(),
            Type = envelope.Type,
            ContentType = envelope.DataContentType,
            Priority = (byte)envelope.Priority,
            Timestamp = new AmqpTimestamp(sentAt.ToUnixTimeSeconds()),
            Headers = headers,
        };
    }

    public static Envelope Read(IReadOnlyBasicProperties properties, ReadOnlySpan<byte> body)
    {
        var headers = properties.Headers ?? throw new FormatException("The message has no CloudEvents attributes.");
        string? Text(string name) => headers.TryGetValue(Prefix + name, out var value) ? value switch
        {
            byte[] bytes => Encoding.UTF8.GetString(bytes),
            string text => text,
            null => null,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        } : null;
        string Required(string name) => Text(name) ?? throw new FormatException($"The message has no '{Prefix}{name}' attribute.");

        return new Envelope
        {
            Id = Guid.Parse(Required("id")),
            Source = Required("source"),
            Type = Required("type"),
            Time = DateTimeOffset.Parse(Required("time"), CultureInfo.InvariantCulture),
            Subject = Text("subject"),
            TraceParent = Text("traceparent"),
            DataContentType = properties.ContentType ?? Envelope.JsonContentType,
            Priority = Enum.Parse<MessagePriority>(Text("priority") ?? "normal", ignoreCase: true),
            Attempt = int.Parse(Text("attempt") ?? "1", CultureInfo.InvariantCulture),
            Data = Encoding.UTF8.GetString(body),
        };
    }
}
