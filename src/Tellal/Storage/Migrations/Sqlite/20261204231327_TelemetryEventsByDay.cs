using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TelemetryEventsByDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_tel_events",
                table: "tel_events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_tel_events",
                table: "tel_events",
                columns: new[] { "event_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_tel_events",
                table: "tel_events");

            migrationBuilder.AddPrimaryKey(
                name: "PK_tel_events",
                table: "tel_events",
                column: "event_id");
        }
    }
}
