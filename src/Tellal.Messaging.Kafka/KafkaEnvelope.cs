using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// The envelope in the CloudEvents Kafka binding's binary mode: the data is the value, the context attributes are
/// headers prefixed <c>ce_</c>, the content type is the <c>content-type</c> header. The key is the subject when there
/// is one (one subject's events stay in order on one partition), else the id (spread evenly).
/// </summary>
internal static class KafkaEnvelope
{
    private const string Prefix = "ce_";
    private const string ContentType = "content-type";

    public static Message<string, byte[]> Message(Envelope envelope)
    {
        var headers = new Headers
        {
            { Prefix + "specversion", Encoding.UTF8.GetBytes(Envelope.SpecVersion) },
            { Prefix + "id", Encoding.UTF8.GetBytes(envelope.Id.ToString()) },
            { Prefix + "source", Encoding.UTF8.GetBytes(envelope.Source) },
            { Prefix + "type", Encoding.UTF8.GetBytes(envelope.Type) },
            { Prefix + "time", Encoding.UTF8.GetBytes(envelope.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)) },
            { Prefix + "priority", Encoding.UTF8.GetBytes(envelope.Priority.ToString().ToLowerInvariant()) },
            { Prefix + "attempt", Encoding.UTF8.GetBytes(envelope.Attempt.ToString(CultureInfo.InvariantCulture)) },
            { ContentType, Encoding.UTF8.GetBytes(envelope.DataContentType) },
        };
        if (envelope.Subject is not null)
        {
            headers.Add(Prefix + "subject", Encoding.UTF8.GetBytes(envelope.Subject));
        }

        if (envelope.TraceParent is not null)
        {
            headers.Add(Prefix + "traceparent", Encoding.UTF8.GetBytes(envelope.TraceParent));
        }

        return new Message<string, byte[]>
        {
            Key = envelope.Subject ?? envelope.Id.ToString(),
            Value = Encoding.UTF8.GetBytes(envelope.Data),
            Headers = headers,
            Timestamp = new Timestamp(envelope.Time),
        };
    }

    public static Envelope Read(Message<string, byte[]> message)
    {
        string? Text(string name) => message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;
        string Required(string name) => Text(Prefix + name) ?? throw new FormatException($"The message has no '{Prefix}{name}' header.");

        return new Envelope
        {
            Id = Guid.Parse(Required("id")),
            Source = Required("source"),
            Type = Required("type"),
            Time = DateTimeOffset.Parse(Required("time"), CultureInfo.InvariantCulture),
            Subject = Text(Prefix + "subject"),
            TraceParent = Text(Prefix + "traceparent"),
            DataContentType = Text(ContentType) ?? Envelope.JsonContentType,
            Priority = Enum.Parse<MessagePriority>(Text(Prefix + "priority") ?? "normal", ignoreCase: true),
            Attempt = int.Parse(Text(Prefix + "attempt") ?? "1", CultureInfo.InvariantCulture),
            Data = message.Value is null ? "" : Encoding.UTF8.GetString(message.Value),
        };
    }
}
