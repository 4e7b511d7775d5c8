using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Storage;

/// <summary>
/// The envelope as table columns, shared by the outbox, the Local queue and the dead-letter store.
/// Times are Unix milliseconds so raw SQL compares them the same way on SQLite and PostgreSQL.
/// </summary>
public abstract class StoredEnvelope
{
    public Guid MessageId { get; set; }
    public string Type { get; set; } = "";
    public string Source { get; set; } = "";
    public string? Subject { get; set; }
    public long Time { get; set; }
    public string? TraceParent { get; set; }
    public string ContentType { get; set; } = Envelope.JsonContentType;
    public int Priority { get; set; }
    public int Attempt { get; set; }
    public string Data { get; set; } = "";

    public Envelope ToEnvelope() => new()
    {
        Id = MessageId,
        Type = Type,
        Source = Source,
        Subject = Subject,
        Time = DateTimeOffset.FromUnixTimeMilliseconds(Time),
        TraceParent = TraceParent,
        DataContentType = ContentType,
        Priority = (MessagePriority)Priority,
        Attempt = Attempt,
        Data = Data,
    };

    public void CopyFrom(Envelope envelope)
    {
        MessageId = envelope.Id;
        Type = envelope.Type;
        Source = envelope.Source;
        Subject = envelope.Subject;
        Time = envelope.Time.ToUnixTimeMilliseconds();
        TraceParent = envelope.TraceParent;
        ContentType = envelope.DataContentType;
        Priority = (int)envelope.Priority;
        Attempt = envelope.Attempt;
        Data = envelope.Data;
    }
}
