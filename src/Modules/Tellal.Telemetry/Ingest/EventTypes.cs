namespace Tellal.Telemetry.Ingest;

/// <summary>The event types the apps send; anything else is refused.</summary>
public static class EventTypes
{
    public const string SessionStart = "session_start";
    public const string SessionEnd = "session_end";
    public const string Heartbeat = "heartbeat";
    public const string Purchase = "purchase";

    public static IReadOnlyList<string> All { get; } = [SessionStart, SessionEnd, Heartbeat, Purchase];
}
