using Tellal.Contracts.Telemetry;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Apps;

/// <summary>
/// Keeps the newest roll-up of each day: a day rolled again after late events comes with a higher version, and a
/// redelivered or overtaken older message changes nothing. Two worker nodes inserting the same new day collide on the
/// key and the loser's batch is retried, then finds the row.
/// </summary>
internal sealed class ActiveUsersRolledUpHandler(TellalDbContext db) : IMessageHandler<ActiveUsersRolledUp>
{
    public async Task HandleAsync(ActiveUsersRolledUp message, MessageContext context, CancellationToken cancellationToken)
    {
        var day = await db.Set<AppActiveUsersDay>().FindAsync([message.Day], cancellationToken);
        if (day is null)
        {
            db.Add(day = new AppActiveUsersDay { Day = message.Day });
        }
        else if (day.Version > message.Version || (day.Version == message.Version && day.RolledAt >= message.RolledAt))
        {
            return;
        }

        day.Dau = message.Dau;
        day.Wau = message.Wau;
        day.TwoWeek = message.TwoWeek;
        day.Mau = message.Mau;
        day.Version = message.Version;
        day.RolledAt = message.RolledAt;
    }
}
