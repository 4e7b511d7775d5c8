using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tellal.Storage.Migrations.Sqlite
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
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
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
