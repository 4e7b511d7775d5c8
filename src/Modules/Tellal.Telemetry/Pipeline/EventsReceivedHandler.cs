using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Telemetry.ActiveUsers;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Purchases;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Stages accepted requests: all the requests of a dispatcher batch in one bulk load (one COPY on PostgreSQL), which is
/// the aggregation step of the pipeline. The queue runs its handlers inside the dispatcher's transaction
/// (<see cref="QueueDefinition.HandlersInTransaction"/>), so the bulk load commits with the inbox rows of every message
/// of the batch: they are acknowledged only after their events are staged, and a redelivery (a crash before the
/// acknowledgement) is a known message that stages nothing twice.
/// </summary>
internal sealed class EventsReceivedHandler(TellalDbContext db, TimeProvider time, IServiceProvider services) : IBatchMessageHandler<TelemetryEventsReceived>
{
    public async Task HandleAsync(IReadOnlyList<TelemetryEventsReceived> messages, CancellationToken cancellationToken)
    {
        await StagingWriter.WriteAsync(db, messages, cancellationToken);
        var now = time.GetUtcNow();
        // Purchases also wait for verification, queued in the same transaction (tel_purchases, saved by the dispatcher).
        foreach (var message in messages)
        {
            await PurchaseIntake.AddAsync(db, message.App, message.Events, now, cancellationToken);
        }

        var events = messages.SelectMany(m => m.Events).ToList();
        // Late events make the rolled-up active users of the closed days they change stale.
        await LateDays.MarkAsync(db, events, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        // The running days' players in Redis, when there is one (PFADD: a redelivery adds nothing).
        if (services.GetService<LiveActiveUsers>() is { } live)
        {
            await live.TrackAsync(events);
        }
    }
}
