using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StagingSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<short>(
                name: "slot",
                table: "tel_staged_events",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.AddColumn<short>(
                name: "staging_slot",
                table: "tel_mover_lease",
                type: "INTEGER",
                nullable: false,
                defaultValue: (short)0);

            migrationBuilder.UpdateData(
                table: "tel_mover_lease",
                keyColumn: "name",
                keyValue: "mover",
                column: "staging_slot",
                value: (short)0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "slot",
                table: "tel_staged_events");

            migrationBuilder.DropColumn(
                name: "staging_slot",
                table: "tel_mover_lease");
        }
    }
}
