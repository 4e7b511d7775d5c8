using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TelemetryWarehouse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "wh_app_active_users",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    dau = table.Column<int>(type: "INTEGER", nullable: false),
                    wau = table.Column<int>(type: "INTEGER", nullable: false),
                    two_week = table.Column<int>(type: "INTEGER", nullable: false),
                    mau = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    rolled_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_app_active_users", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "wh_app_purchases",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    app = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    occurred_at = table.Column<long>(type: "INTEGER", nullable: false),
                    verified = table.Column<bool>(type: "INTEGER", nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    price_micros = table.Column<long>(type: "INTEGER", nullable: true),
                    currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_app_purchases", x => x.event_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_wh_app_purchases_occurred_at",
                table: "wh_app_purchases",
                column: "occurred_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "wh_app_active_users");

            migrationBuilder.DropTable(
                name: "wh_app_purchases");
        }
    }
}
