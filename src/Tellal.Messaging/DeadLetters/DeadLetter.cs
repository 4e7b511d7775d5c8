using Tellal.Messaging.Storage;

namespace Tellal.Messaging.DeadLetters;

/// <summary>A message that failed its last attempt (or could not be handled at all), kept for inspection and replay.</summary>
public sealed class DeadLetter : StoredEnvelope
{
    public Guid Id { get; set; }
    public string Queue { get; set; } = "";
    public int Attempts { get; set; }
    public string Reason { get; set; } = "";
    public string? Exception { get; set; }
    public long FailedAt { get; set; }
    public long? ReplayedAt { get; set; }
}
