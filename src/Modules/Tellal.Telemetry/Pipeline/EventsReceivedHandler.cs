using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.ActiveUsers;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Purchases;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages an accepted request's events. The queue runs its handlers inside the dispatcher's transaction
/// (<see cref="QueueDefinition.HandlersInTransaction"/>), so the bulk load commits with the message's inbox row: the
/// message is acknowledged only after its events are staged, and a redelivery (a crash before the acknowledgement) is
/// a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db, TimeProvider time, IServiceProvider services) : IMessageHandler<TelemetryEventsReceived>
{
    public async Task HandleAsync(TelemetryEventsReceived message, MessageContext context, CancellationToken cancellationToken)
    {
        await StagingWriter.WriteAsync(db, message.App, message.Events, cancellationToken);
        // Purchases also wait for verification, queued in the same transaction (tel_purchases, saved by the dispatcher).
        var now = time.GetUtcNow();
        await PurchaseIntake.AddAsync(db, message.App, message.Events, now, cancellationToken);
        // Late events make their closed day's rolled-up active users stale.
        await LateDays.MarkAsync(db, message.Events, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        // The running days' players in Redis, when there is one (PFADD: a redelivery adds nothing).
        if (services.GetService<LiveActiveUsers>() is { } live)
        {
            await live.TrackAsync(message.Events);
        }
    }
}
