using System.Globalization;
using StackExchange.Redis;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Redis;

/// <summary>
/// The envelope as the fields of a stream entry: the CloudEvents context attributes under their own names (the two
/// extensions included), the data under <c>data</c>. Redis has no CloudEvents binding; this is the binary mode of the
/// others, with fields in place of headers.
/// </summary>
internal static class RedisEnvelope
{
    public static NameValueEntry[] Fields(Envelope envelope)
    {
        var fields = new List<NameValueEntry>(10)
        {
            new("specversion", Envelope.SpecVersion),
            new("id", envelope.Id.ToString()),
            new("source", envelope.Source),
            new("type", envelope.Type),
            new("time", envelope.Time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)),
            new("priority", envelope.Priority.ToString().ToLowerInvariant()),
            new("attempt", envelope.Attempt.ToString(CultureInfo.InvariantCulture)),
            new("datacontenttype", envelope.DataContentType),
            new("data", envelope.Data),
        };
        if (envelope.Subject is not null)
        {
            fields.Add(new("subject", envelope.Subject));
        }

        if (envelope.TraceParent is not null)
        {
            fields.Add(new("traceparent", envelope.TraceParent));
        }

        return [.. fields];
    }

    public static Envelope Read(StreamEntry entry)
    {
        string? Text(string name) => entry[name] is { IsNull: false } value ? (string?)value : null;
        string Required(string name) => Text(name) ?? throw new FormatException($"The entry has no '{name}' field.");

        return new Envelope
        {
            Id = Guid.Parse(Required("id")),
            Source = Required("source"),
            Type = Required("type"),
            Time = DateTimeOffset.Parse(Required("time"), CultureInfo.InvariantCulture),
            Subject = Text("subject"),
            TraceParent = Text("traceparent"),
            DataContentType = Text("datacontenttype") ?? Envelope.JsonContentType,
            Priority = Enum.Parse<MessagePriority>(Text("priority") ?? "normal", ignoreCase: true),
            Attempt = int.Parse(Text("attempt") ?? "1", CultureInfo.InvariantCulture),
            Data = Text("data") ?? "",
        };
    }
}
