using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "id_data_protection_keys",
                columns: table => new
                {
                    FriendlyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Xml = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_id_data_protection_keys", x => x.FriendlyName);
                });

            migrationBuilder.CreateTable(
                name: "id_signing_keys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_id_signing_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "id_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PasswordHash = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedSignIns = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_id_users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "msg_dead_letters",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    exception = table.Column<string>(type: "TEXT", nullable: true),
                    failed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    replayed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    traceparent = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_dead_letters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "msg_inbox",
                columns: table => new
                {
                    consumer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    handled_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_inbox", x => new { x.consumer, x.message_id });
                });

            migrationBuilder.CreateTable(
                name: "msg_local_queue",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    queue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    visible_at = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    delivery_count = table.Column<int>(type: "INTEGER", nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    traceparent = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_local_queue", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "msg_outbox",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    destination = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    due_at = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    traceparent = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    data = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_msg_outbox", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "ntf_notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ntf_notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ntf_recipients",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Roles = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ntf_recipients", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "rpt_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReportType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ParametersJson = table.Column<string>(type: "TEXT", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Lifetime = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    FileSize = table.Column<long>(type: "INTEGER", nullable: true),
                    FileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rpt_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wh_customers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    birth_year = table.Column<int>(type: "INTEGER", nullable: false),
                    signed_up_on = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_games",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    genre = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    platform = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    publisher = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    release_year = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_games", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_in_game_purchases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    purchased_at = table.Column<long>(type: "INTEGER", nullable: false),
                    amount_cents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_in_game_purchases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_partner_companies",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_partner_companies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_play_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    duration_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    afk_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    score = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_play_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_rentals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    rented_at = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    company_id = table.Column<long>(type: "INTEGER", nullable: false),
                    price_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    cost_cents = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_rentals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    game_id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    rating = table.Column<int>(type: "INTEGER", nullable: false),
                    is_positive = table.Column<bool>(type: "INTEGER", nullable: false),
                    reviewed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "wh_snack_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false),
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    session_id = table.Column<long>(type: "INTEGER", nullable: false),
                    brand = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    category = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    amount_cents = table.Column<long>(type: "INTEGER", nullable: false),
                    ordered_at = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wh_snack_orders", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_id_users_UserName",
                table: "id_users",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_msg_dead_letters_failed_at",
                table: "msg_dead_letters",
                column: "failed_at");

            migrationBuilder.CreateIndex(
                name: "ix_msg_inbox_handled_at",
                table: "msg_inbox",
                column: "handled_at");

            migrationBuilder.CreateIndex(
                name: "ix_msg_local_queue_claim",
                table: "msg_local_queue",
                columns: new[] { "queue", "priority", "seq" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_msg_outbox_due",
                table: "msg_outbox",
                columns: new[] { "due_at", "seq" });

            migrationBuilder.CreateIndex(
                name: "IX_ntf_notifications_UserId_CreatedAt",
                table: "ntf_notifications",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_rpt_requests_OwnerId_CreatedAt",
                table: "rpt_requests",
                columns: new[] { "OwnerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_rpt_requests_OwnerId_IdempotencyKey",
                table: "rpt_requests",
                columns: new[] { "OwnerId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rpt_requests_Status_CreatedAt",
                table: "rpt_requests",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "ix_wh_games_genre",
                table: "wh_games",
                column: "genre");

            migrationBuilder.CreateIndex(
                name: "ix_wh_in_game_purchases_customer",
                table: "wh_in_game_purchases",
                columns: new[] { "customer_id", "purchased_at" });

            migrationBuilder.CreateIndex(
                name: "ix_wh_play_sessions_game_id",
                table: "wh_play_sessions",
                column: "game_id");

            migrationBuilder.CreateIndex(
                name: "ix_wh_play_sessions_started_at",
                table: "wh_play_sessions",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_wh_rentals_customer_id",
                table: "wh_rentals",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_wh_rentals_day",
                table: "wh_rentals",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_wh_rentals_game_id",
                table: "wh_rentals",
                column: "game_id");

            migrationBuilder.CreateIndex(
                name: "ix_wh_reviews_reviewed_at",
                table: "wh_reviews",
                column: "reviewed_at");

            migrationBuilder.CreateIndex(
                name: "ix_wh_snack_orders_customer_id",
                table: "wh_snack_orders",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_wh_snack_orders_day",
                table: "wh_snack_orders",
                column: "day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "id_data_protection_keys");

            migrationBuilder.DropTable(
                name: "id_signing_keys");

            migrationBuilder.DropTable(
                name: "id_users");

            migrationBuilder.DropTable(
                name: "msg_dead_letters");

            migrationBuilder.DropTable(
                name: "msg_inbox");

            migrationBuilder.DropTable(
                name: "msg_local_queue");

            migrationBuilder.DropTable(
                name: "msg_outbox");

            migrationBuilder.DropTable(
                name: "ntf_notifications");

            migrationBuilder.DropTable(
                name: "ntf_recipients");

            migrationBuilder.DropTable(
                name: "rpt_requests");

            migrationBuilder.DropTable(
                name: "wh_customers");

            migrationBuilder.DropTable(
                name: "wh_games");

            migrationBuilder.DropTable(
                name: "wh_in_game_purchases");

            migrationBuilder.DropTable(
                name: "wh_partner_companies");

            migrationBuilder.DropTable(
                name: "wh_play_sessions");

            migrationBuilder.DropTable(
                name: "wh_rentals");

            migrationBuilder.DropTable(
                name: "wh_reviews");

            migrationBuilder.DropTable(
                name: "wh_snack_orders");
        }
    }
}
