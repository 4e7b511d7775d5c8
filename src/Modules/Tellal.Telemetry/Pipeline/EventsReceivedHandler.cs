using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages an accepted request's events. The dispatcher commits the staged rows with the message's inbox row, so the
/// message is acknowledged only after its events are staged, and a redelivery (a crash before the acknowledgement)
/// is a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db) : IMessageHandler<TelemetryEventsReceived>
{
    public Task HandleAsync(TelemetryEventsReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Set<StagedEvent>().AddRange(message.Events.Select(e => StagedEvent.From(message.App, e)));
        return Task.CompletedTask;
    }
}
