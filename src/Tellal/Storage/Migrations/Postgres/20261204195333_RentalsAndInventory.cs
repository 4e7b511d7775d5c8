using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RentalsAndInventory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inv_reservations",
                columns: table => new
                {
                    RentalId = table.Column<Guid>(type: "uuid", nullable: false),
                    GameId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    ReservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inv_reservations", x => new { x.RentalId, x.GameId });
                });

            migrationBuilder.CreateTable(
                name: "inv_stock",
                columns: table => new
                {
                    game_id = table.Column<long>(type: "bigint", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    reserved = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inv_stock", x => x.game_id);
                    table.CheckConstraint("ck_inv_stock_reserved", "reserved >= 0 AND reserved <= total");
                });

            migrationBuilder.CreateTable(
                name: "ren_customers",
                columns: table => new
                {
                    CustomerId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ren_customers", x => x.CustomerId);
                });

            migrationBuilder.CreateTable(
                name: "ren_games",
                columns: table => new
                {
                    GameId = table.Column<long>(type: "bigint", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ren_games", x => x.GameId);
                });

            migrationBuilder.CreateTable(
                name: "ren_rentals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    ItemsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ClerkId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClerkName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ren_rentals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wh_counter_rentals",
                columns: table => new
                {
                    rental_id = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: false),
                    returned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_counter_rentals", x => x.rental_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inv_stock_title",
                table: "inv_stock",
                column: "title");

            migrationBuilder.CreateIndex(
                name: "IX_ren_rentals_ClerkId_IdempotencyKey",
                table: "ren_rentals",
                columns: new[] { "ClerkId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ren_rentals_CustomerId_CreatedAt",
                table: "ren_rentals",
                columns: new[] { "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ren_rentals_Status_CreatedAt",
                table: "ren_rentals",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "ix_wh_counter_rentals_order_id",
                table: "wh_counter_rentals",
                column: "order_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inv_reservations");

            migrationBuilder.DropTable(
                name: "inv_stock");

            migrationBuilder.DropTable(
                name: "ren_customers");

            migrationBuilder.DropTable(
                name: "ren_games");

            migrationBuilder.DropTable(
                name: "ren_rentals");

            migrationBuilder.DropTable(
                name: "wh_counter_rentals");
        }
    }
}
