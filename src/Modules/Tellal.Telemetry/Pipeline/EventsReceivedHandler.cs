using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages accepted requests: all the requests of a dispatcher batch in one bulk load (one COPY on PostgreSQL), which is
/// the aggregation step of the pipeline. The queue runs its handlers inside the dispatcher's transaction
/// (<see cref="QueueDefinition.HandlersInTransaction"/>), so the bulk load commits with the inbox rows of every message
/// of the batch: they are acknowledged only after their events are staged, and a redelivery (a crash before the
/// acknowledgement) is a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db) : IBatchMessageHandler<TelemetryEventsReceived>
{
    public Task HandleAsync(IReadOnlyList<TelemetryEventsReceived> messages, CancellationToken cancellationToken) =>
        StagingWriter.WriteAsync(db, messages, cancellationToken);
}
