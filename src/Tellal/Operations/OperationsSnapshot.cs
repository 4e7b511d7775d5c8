using Tellal.Messaging.Diagnostics;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Hosting.Operations;

namespace Tellal.Operations;

/// <summary>
/// What the operations view shows, read at <see cref="At"/> from the shared database and the transports: every node
/// with its state and checks, each queue's depth (or each topic's lag), the outbox backlog, the dead letters by queue,
/// the messages handled and failed per queue over the last 15 minutes (<see cref="Rates"/>, in buckets of
/// <see cref="BucketSeconds"/>) and the modules' pipelines (reports queued, running, ready per minute).
/// <see cref="Problem"/> says why the rest is missing (the database does not answer).
/// </summary>
public sealed record OperationsSnapshot(
    DateTimeOffset At,
    string Node,
    IReadOnlyList<NodeResponse> Nodes,
    IReadOnlyList<TransportStreams> Streams,
    OutboxBacklog? Outbox,
    IReadOnlyList<DeadLetterCount> DeadLetters,
    IReadOnlyList<QueueRate> Rates,
    IReadOnlyList<PipelineFigures> Pipelines,
    string? Problem = null)
{
    public int BucketSeconds => (int)QueueActivity.BucketWidth.TotalSeconds;
}
