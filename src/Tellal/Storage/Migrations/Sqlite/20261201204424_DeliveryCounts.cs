using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
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
                    queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    deliveries = table.Column<int>(type: "INTEGER", nullable: false),
                    delivered_at = table.Column<long>(type: "INTEGER", nullable: false)
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
