using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TelemetryViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tel_active_users",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    dau = table.Column<int>(type: "INTEGER", nullable: false),
                    wau = table.Column<int>(type: "INTEGER", nullable: false),
                    two_week = table.Column<int>(type: "INTEGER", nullable: false),
                    mau = table.Column<int>(type: "INTEGER", nullable: false),
                    rolled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    stale = table.Column<bool>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tel_active_users", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "tel_purchases",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    player_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    receipt = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    price_micros = table.Column<long>(type: "INTEGER", nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tel_purchases", x => x.event_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tel_purchases_occurred_at_status",
                table: "tel_purchases",
                columns: new[] { "occurred_at", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_tel_purchases_status_next_attempt_at",
                table: "tel_purchases",
                columns: new[] { "status", "next_attempt_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tel_active_users");

            migrationBuilder.DropTable(
                name: "tel_purchases");
        }
    }
}
