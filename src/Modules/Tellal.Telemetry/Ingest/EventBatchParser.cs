using System.Text.Json;

namespace Tellal.Telemetry.Ingest;

/// <summary>
/// Splits a request body into its events: a JSON array, or NDJSON (one JSON value per line). Only the syntax is checked
/// here; <see cref="EventValidator"/> judges each event.
/// </summary>
internal static class EventBatchParser
{
    public const string NdjsonMediaType = "application/x-ndjson";

    public abstract record Outcome;

    public sealed record Parsed(IReadOnlyList<JsonElement> Events) : Outcome;

    public sealed record Malformed(string Detail) : Outcome;

    public sealed record TooMany(int Count) : Outcome;

    public static Outcome Parse(ReadOnlyMemory<byte> body, bool ndjson, int maxEvents)
    {
        try
        {
            return ndjson ? ParseLines(body, maxEvents) : ParseArray(body, maxEvents);
        }
        catch (JsonException exception)
        {
            return new Malformed(exception.Message);
        }
    }

    private static Outcome ParseArray(ReadOnlyMemory<byte> body, int maxEvents)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return new Malformed("The body must be a JSON array of events (or NDJSON with content-type application/x-ndjson).");
        }

        var count = document.RootElement.GetArrayLength();
        // Cloned: the elements outlive the document, which returns its pooled buffers on dispose.
        return count > maxEvents ? new TooMany(count) : new Parsed(document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList());
    }

    private static Outcome ParseLines(ReadOnlyMemory<byte> body, int maxEvents)
    {
        var events = new List<JsonElement>();
        var rest = body;
        while (!rest.IsEmpty)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            if (events.Count == maxEvents)
            {
                return new TooMany(events.Count + 1 + CountLines(rest));
            }

            using var document = JsonDocument.Parse(line);
            events.Add(document.RootElement.Clone());
        }

        return new Parsed(events);
    }

    private static int CountLines(ReadOnlyMemory<byte> rest) =>
        rest.Span.Count((byte)'\n') + (rest.Span.Trim(" \t\r\n"u8).IsEmpty || rest.Span[^1] == '\n' ? 0 : 1);
}
