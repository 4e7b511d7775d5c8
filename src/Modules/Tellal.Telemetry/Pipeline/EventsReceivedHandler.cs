using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Purchases;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages an accepted request's events. The queue runs its handlers inside the dispatcher's transaction
/// (<see cref="QueueDefinition.HandlersInTransaction"/>), so the bulk load commits with the message's inbox row: the
/// message is acknowledged only after its events are staged, and a redelivery (a crash before the acknowledgement) is
/// a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db, TimeProvider time) : IMessageHandler<TelemetryEventsReceived>
{
    public async Task HandleAsync(TelemetryEventsReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        await StagingWriter.WriteAsync(db, message.App, message.Events, cancellationToken);
        // Purchases also wait for verification, queued in the same transaction (tel_purchases, saved by the dispatcher).
        await PurchaseIntake.AddAsync(db, message.App, message.Events, time.GetUtcNow(), cancellationToken);
    }
}
