using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tellal.Messaging.Envelopes;

/// <summary>CloudEvents 1.0 JSON event format (structured mode), for transports that carry one body.</summary>
public static class CloudEventJson
{
    public static byte[] Serialize(Envelope envelope)
    {
        var json = new JsonObject
        {
            ["specversion"] = Envelope.SpecVersion,
            ["id"] = envelope.Id.ToString("D"),
            ["source"] = envelope.Source,
            ["type"] = envelope.Type,
            ["time"] = envelope.Time.ToUniversalTime().ToString("O"),
            ["datacontenttype"] = envelope.DataContentType,
            ["priority"] = envelope.Priority.ToString().ToLowerInvariant(),
            ["attempt"] = envelope.Attempt,
        };
        if (envelope.Subject is not null)
        {
            json["subject"] = envelope.Subject;
        }

        if (envelope.TraceParent is not null)
        {
            json["traceparent"] = envelope.TraceParent;
        }

        json["data"] = JsonNode.Parse(envelope.Data);
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }

    public static Envelope Deserialize(ReadOnlySpan<byte> utf8)
    {
        var json = JsonNode.Parse(utf8)?.AsObject() ?? throw new FormatException("A CloudEvent must be a JSON object.");
        if ((string?)json["specversion"] != Envelope.SpecVersion)
        {
            throw new FormatException("Only CloudEvents specversion 1.0 is supported.");
        }

        return new Envelope
        {
            Id = Guid.Parse(Required(json, "id")),
            Source = Required(json, "source"),
            Type = Required(json, "type"),
            Time = DateTimeOffset.Parse(Required(json, "time"), System.Globalization.CultureInfo.InvariantCulture),
            Subject = (string?)json["subject"],
            TraceParent = (string?)json["traceparent"],
            DataContentType = (string?)json["datacontenttype"] ?? Envelope.JsonContentType,
            Priority = Enum.Parse<MessagePriority>((string?)json["priority"] ?? "normal", ignoreCase: true),
            Attempt = (int?)json["attempt"] ?? 1,
            Data = json["data"]?.ToJsonString() ?? "null",
        };
    }

    private static string Required(JsonObject json, string name) =>
        (string?)json[name] ?? throw new FormatException($"The CloudEvent has no '{name}' attribute.");
}
