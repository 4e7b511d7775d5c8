using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReportFileChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rpt_file_chunks",
                columns: table => new
                {
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rpt_file_chunks", x => new { x.FileName, x.Index });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rpt_file_chunks");
        }
    }
}
