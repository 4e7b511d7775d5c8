namespace Tellal.Platform.Roles;

/// <summary>A part of Tellal that a process can run; a node runs one role or all of them.</summary>
public sealed record TellalRole(string Name, string Description)
{
    public static readonly TellalRole Web = new("web", "HTTP API, back-office UI and the notification hub.");
    public static readonly TellalRole Worker = new("worker", "Produces reports: runs the queries, renders files, reports progress.");
    public static readonly TellalRole Notifier = new("notifier", "Keeps every user's notification inbox, pushes popups and sends email.");
    public static readonly TellalRole Scheduler = new("scheduler", "Timers: expires reports when their lifetime ends, cleans the inbox store.");
    public static readonly TellalRole Ingest = new("ingest", "Telemetry pipeline: batches the players' app events, stages them and moves them into permanent tables.");

    /// <summary>Every role, in the order `tellal roles` lists them.</summary>
    public static IReadOnlyList<TellalRole> All { get; } = [Web, Worker, Notifier, Scheduler, Ingest];

    public override string ToString() => Name;
}
