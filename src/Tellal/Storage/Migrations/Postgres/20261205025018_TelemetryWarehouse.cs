using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
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
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    dau = table.Column<int>(type: "integer", nullable: false),
                    wau = table.Column<int>(type: "integer", nullable: false),
                    two_week = table.Column<int>(type: "integer", nullable: false),
                    mau = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    rolled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_app_active_users", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "wh_app_purchases",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    app = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    game_id = table.Column<long>(type: "bigint", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    verified = table.Column<bool>(type: "boolean", nullable: false),
                    product_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    price_micros = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
