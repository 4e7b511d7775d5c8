using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// The columns staging and permanent tables share, named once: the mover's SQL copies them by name from one table to
/// the other, so both must spell them the same.
/// </summary>
internal static class EventColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> entity)
        where T : class
    {
        entity.Property<Guid>("EventId").HasColumnName("event_id").ValueGeneratedNever();
        entity.Property<string>("App").HasColumnName("app").HasMaxLength(Keys.AppKeyStore.MaxAppLength);
        entity.Property<string>("DeviceId").HasColumnName("device_id").HasMaxLength(Ingest.EventValidator.MaxIdLength);
        entity.Property<string>("PlayerId").HasColumnName("player_id").HasMaxLength(Ingest.EventValidator.MaxIdLength);
        entity.Property<long>("GameId").HasColumnName("game_id");
        entity.Property<string>("Type").HasColumnName("type").HasMaxLength(20);
        entity.Property<DateTimeOffset>("OccurredAt").HasColumnName("occurred_at");
        entity.Property<string>("Data").HasColumnName("data");
    }
}
