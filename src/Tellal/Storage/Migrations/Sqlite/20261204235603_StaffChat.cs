using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cht_members",
                columns: table => new
                {
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastReadMessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    JoinedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cht_members", x => new { x.RoomId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "cht_messages",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoomId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cht_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cht_rooms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DirectKey = table.Column<string>(type: "TEXT", maxLength: 65, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastMessageAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cht_rooms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cht_staff",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cht_staff", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cht_members_UserId",
                table: "cht_members",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_cht_messages_RoomId_Id",
                table: "cht_messages",
                columns: new[] { "RoomId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_cht_rooms_DirectKey",
                table: "cht_rooms",
                column: "DirectKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cht_rooms_Name",
                table: "cht_rooms",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cht_staff_NormalizedName",
                table: "cht_staff",
                column: "NormalizedName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cht_members");

            migrationBuilder.DropTable(
                name: "cht_messages");

            migrationBuilder.DropTable(
                name: "cht_rooms");

            migrationBuilder.DropTable(
                name: "cht_staff");
        }
    }
}
