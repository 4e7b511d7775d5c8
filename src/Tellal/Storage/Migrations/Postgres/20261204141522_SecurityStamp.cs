using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SecurityStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_id_users_UserName",
                table: "id_users");

            migrationBuilder.DropColumn(
                name: "FailedSignIns",
                table: "id_users");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "id_users");

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "ntf_recipients",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "id_users",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NormalizedUserName",
                table: "id_users",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "id_users",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Existing users get their normalized name; where two differ only in case, the older (smaller id) keeps it
            // and the others get their id appended, so the unique index can be built. They stay visible to admins, but
            // only the first one can sign in under that name.
            migrationBuilder.Sql("UPDATE id_users SET \"NormalizedUserName\" = upper(\"UserName\");");
            migrationBuilder.Sql("""
                UPDATE id_users SET "NormalizedUserName" = upper("UserName") || '#' || CAST("Id" AS TEXT)
                WHERE EXISTS (SELECT 1 FROM id_users other WHERE upper(other."UserName") = upper(id_users."UserName")
                              AND CAST(other."Id" AS TEXT) < CAST(id_users."Id" AS TEXT));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_id_users_NormalizedUserName",
                table: "id_users",
                column: "NormalizedUserName",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_id_users_NormalizedUserName",
                table: "id_users");

            migrationBuilder.DropColumn(
                name: "NormalizedUserName",
                table: "id_users");

            migrationBuilder.DropColumn(
                name: "SecurityStamp",
                table: "id_users");

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "ntf_recipients",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Email",
                table: "id_users",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(254)",
                oldMaxLength: 254,
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailedSignIns",
                table: "id_users",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LockedUntil",
                table: "id_users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_id_users_UserName",
                table: "id_users",
                column: "UserName",
                unique: true);
        }
    }
}
