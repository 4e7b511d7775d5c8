using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NodesAccountsDeliveriesExternalJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DisabledAt",
                table: "id_users",
                type: "INTEGER",
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "plt_node_heartbeats",
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    NodeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Host = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessId = table.Column<int>(type: "INTEGER", nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoppedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Ready = table.Column<bool>(type: "INTEGER", nullable: false),
                    Checks = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plt_node_heartbeats", x => x.InstanceId);
                });

            migrationBuilder.CreateTable(
                name: "rpt_external_jobs",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderJobId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Submissions = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rpt_external_jobs", x => x.ReportId);
                });

            migrationBuilder.CreateTable(
                name: "rpt_webhook_receipts",
                columns: table => new
                {
                    WebhookId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rpt_webhook_receipts", x => x.WebhookId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_rpt_webhook_receipts_ReceivedAt",
                table: "rpt_webhook_receipts",
                column: "ReceivedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "msg_delivery_counts");

            migrationBuilder.DropTable(
                name: "plt_node_heartbeats");

            migrationBuilder.DropTable(
                name: "rpt_external_jobs");

            migrationBuilder.DropTable(
                name: "rpt_webhook_receipts");

            migrationBuilder.DropColumn(
                name: "DisabledAt",
                table: "id_users");
        }
    }
}
