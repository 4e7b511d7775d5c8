using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TelemetryPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tel_events",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    device_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    player_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tel_events", x => x.event_id);
                });

            migrationBuilder.CreateTable(
                name: "tel_mover_lease",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tel_mover_lease", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "tel_staged_events",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    device_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    player_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tel_staged_events", x => x.seq);
                });

            migrationBuilder.InsertData(
                table: "tel_mover_lease",
                columns: new[] { "name", "expires_at", "holder" },
                values: new object[] { "mover", 1272537022464000000L, "" });

            migrationBuilder.CreateIndex(
                name: "ix_tel_events_occurred_at_player_id",
                table: "tel_events",
                columns: new[] { "occurred_at", "player_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tel_events");

            migrationBuilder.DropTable(
                name: "tel_mover_lease");

            migrationBuilder.DropTable(
                name: "tel_staged_events");
        }
    }
}
