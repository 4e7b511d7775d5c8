using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages an accepted request's events. The queue runs its handlers inside the dispatcher's transaction
/// (<see cref="QueueDefinition.HandlersInTransaction"/>), so the bulk load commits with the message's inbox row: the
/// message is acknowledged only after its events are staged, and a redelivery (a crash before the acknowledgement) is
/// a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db) : IMessageHandler<TelemetryEventsReceived>
{
    public Task HandleAsync(TelemetryEventsReceived message, MessageContext context, CancellationToken cancellationToken) =>
        StagingWriter.WriteAsync(db, message.App, message.Events, cancellationToken);
}
