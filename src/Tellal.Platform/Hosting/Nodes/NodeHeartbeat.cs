namespace Tellal.Platform.Hosting.Nodes;

/// <summary>
/// One row per running process (keyed by its instance id, so replicas sharing a node name and a restarted node stay
/// apart), rewritten by the process itself every few seconds. A row that stops being rewritten is a node that died.
/// </summary>
public sealed class NodeHeartbeat
{
    public string InstanceId { get; set; } = "";
    public string NodeName { get; set; } = "";
    public string Host { get; set; } = "";
    public int ProcessId { get; set; }
    public string Roles { get; set; } = "";
    public string Version { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Set when the node shut down cleanly: it is gone, not stale.</summary>
    public DateTimeOffset? StoppedAt { get; set; }

    public bool Ready { get; set; }

    /// <summary>The node's health checks as JSON (name → status and description): read only as a whole, by admins.</summary>
    public string Checks { get; set; } = "{}";

    /// <summary>
    /// Messages this process handled and failed per queue over the last 15 minutes, as <see cref="QueueActivity"/> JSON:
    /// only the node knows its own counts, so it says them here and the operations view adds every node's.
    /// </summary>
    public string Activity { get; set; } = "{}";
}
