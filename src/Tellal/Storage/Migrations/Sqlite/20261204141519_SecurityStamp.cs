using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
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

            migrationBuilder.AddColumn<string>(
                name: "NormalizedUserName",
                table: "id_users",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SecurityStamp",
                table: "id_users",
                type: "TEXT",
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

            migrationBuilder.AddColumn<int>(
                name: "FailedSignIns",
                table: "id_users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "LockedUntil",
                table: "id_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_id_users_UserName",
                table: "id_users",
                column: "UserName",
                unique: true);
        }
    }
}
