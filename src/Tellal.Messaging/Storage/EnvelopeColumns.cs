using System.Data.Common;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Storage;

/// <summary>Reads and writes the envelope columns of <see cref="StoredEnvelope"/> tables in raw SQL.</summary>
internal static class EnvelopeColumns
{
    public const string List = "message_id, type, source, subject, time, traceparent, content_type, priority, attempt, data";
    public const int Count = 10;

    public static Envelope Read(DbDataReader reader, int first) => new()
    {
        Id = Guid.Parse(reader.GetString(first)),
        Type = reader.GetString(first + 1),
        Source = reader.GetString(first + 2),
        Subject = reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
        Time = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 4)),
        TraceParent = reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
        DataContentType = reader.GetString(first + 6),
        Priority = (MessagePriority)reader.GetInt32(first + 7),
        Attempt = reader.GetInt32(first + 8),
        Data = reader.GetString(first + 9),
    };

    /// <summary>Adds the parameters of one row and returns their names in <see cref="List"/> order.</summary>
    public static string AddValues(DbCommand command, string prefix, Envelope envelope)
    {
        object?[] values =
        [
            envelope.Id.ToString(), envelope.Type, envelope.Source, envelope.Subject, envelope.Time.ToUnixTimeMilliseconds(),
            envelope.TraceParent, envelope.DataContentType, (int)envelope.Priority, envelope.Attempt, envelope.Data,
        ];
        var names = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            names[i] = $"@{prefix}_{i}";
            SqlDialect.AddParameter(command, names[i], values[i]);
        }

        return string.Join(",", names);
    }
}
