using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeliveryCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "msg_delivery_counts",
                columns: table => new
                {
                    queue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message_id = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    deliveries = table.Column<int>(type: "integer", nullable: false),
                    delivered_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_delivery_counts", x => new { x.queue, x.message_id, x.attempt });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "msg_delivery_counts");
        }
    }
}
