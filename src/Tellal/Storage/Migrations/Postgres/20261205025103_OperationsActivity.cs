using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OperationsActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Activity",
                table: "plt_node_heartbeats",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.CreateIndex(
                name: "IX_rpt_requests_CompletedAt",
                table: "rpt_requests",
                column: "CompletedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_rpt_requests_CompletedAt",
                table: "rpt_requests");

            migrationBuilder.DropColumn(
                name: "Activity",
                table: "plt_node_heartbeats");
        }
    }
}
