using Tellal.Messaging.Diagnostics;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting.Nodes;

namespace Tellal.Operations;

/// <summary>
/// What the operations view shows, read at <see cref="At"/> from the shared database and the transports: every node
/// with its state and checks, each queue's depth (or each topic's lag), the outbox backlog and the dead letters by
/// queue. <see cref="Problem"/> says why the rest is missing (the database does not answer).
/// </summary>
public sealed record OperationsSnapshot(
    DateTimeOffset At,
    string Node,
    IReadOnlyList<NodeResponse> Nodes,
    IReadOnlyList<TransportStreams> Streams,
    OutboxBacklog? Outbox,
    IReadOnlyList<DeadLetterCount> DeadLetters,
    string? Problem = null);
