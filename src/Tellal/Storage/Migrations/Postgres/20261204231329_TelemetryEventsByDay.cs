using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <summary>
    /// tel_events becomes a table partitioned by UTC day of occurred_at (EF Core cannot say so, hence raw SQL; the model
    /// only knows the new key). tel_ensure_day_partition(day) creates a day's partition if missing: the mover calls it
    /// ahead of time and for any older day it is about to move. Rows already stored are copied into their partitions.
    /// </summary>
    public partial class TelemetryEventsByDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE tel_events RENAME TO tel_events_unpartitioned;
                ALTER TABLE tel_events_unpartitioned RENAME CONSTRAINT "PK_tel_events" TO "PK_tel_events_unpartitioned";
                ALTER INDEX ix_tel_events_occurred_at_player_id RENAME TO ix_tel_events_unpartitioned_occurred_at_player_id;

                CREATE TABLE tel_events (
                    event_id uuid NOT NULL,
                    app character varying(100) NOT NULL,
                    device_id character varying(100) NOT NULL,
                    player_id character varying(100) NOT NULL,
                    game_id bigint NOT NULL,
                    type character varying(20) NOT NULL,
                    occurred_at timestamp with time zone NOT NULL,
                    data text NOT NULL,
                    CONSTRAINT "PK_tel_events" PRIMARY KEY (event_id, occurred_at)
                ) PARTITION BY RANGE (occurred_at);
                CREATE INDEX ix_tel_events_occurred_at_player_id ON tel_events (occurred_at, player_id);

                CREATE FUNCTION tel_ensure_day_partition(day date) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF tel_events FOR VALUES FROM (%L) TO (%L)',
                        'tel_events_' || to_char(day, 'YYYYMMDD'), to_char(day, 'YYYY-MM-DD') || ' 00:00:00+00', to_char(day + 1, 'YYYY-MM-DD') || ' 00:00:00+00');
                END $$;

                SELECT tel_ensure_day_partition(day) FROM (SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date AS day FROM tel_events_unpartitioned) days;
                INSERT INTO tel_events SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM tel_events_unpartitioned;
                DROP TABLE tel_events_unpartitioned;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE tel_events_partitioned_copy AS SELECT * FROM tel_events;
                DROP TABLE tel_events;
                DROP FUNCTION tel_ensure_day_partition(date);
                ALTER TABLE tel_events_partitioned_copy RENAME TO tel_events;
                ALTER TABLE tel_events ADD CONSTRAINT "PK_tel_events" PRIMARY KEY (event_id);
                CREATE INDEX ix_tel_events_occurred_at_player_id ON tel_events (occurred_at, player_id);
                """);
        }
    }
}
