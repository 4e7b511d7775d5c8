using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;

namespace Tellal.Reports.Tests.Rendering;

public sealed class XlsxRendererTests
{
    [Fact]
    public async Task Writes_a_workbook_with_a_header_row_and_typed_cells()
    {
        using var output = new MemoryStream();
        var rendered = await new ReportRenderers().For(ReportFormat.Xlsx).RenderAsync(SampleTables.Trend(), output, TestContext.Current.CancellationToken);
        Assert.Equal("xlsx", rendered.FileExtension);

        output.Position = 0;
        using var document = SpreadsheetDocument.Open(output, isEditable: false);
        Assert.Equal("Daily rentals", document.PackageProperties.Title);
        var workbook = document.WorkbookPart!;
        var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
        var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet.GetFirstChild<SheetData>()!.Elements<Row>()
            .Select(r => r.Elements<Cell>().ToArray()).ToArray();

        Assert.Equal(4, rows.Length);
        Assert.Equal(SampleTables.Columns.Select(c => c.Header), rows[0].Select(c => c.InnerText));
        Assert.All(rows[0], c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));

        var first = rows[1];
        Assert.Equal(new DateTime(2025, 5, 1), DateTime.FromOADate(Number(first[0])));
        Assert.Equal("yyyy-mm-dd", FormatOf(workbook, first[0]));
        Assert.Equal("Öztürk, Ayşe", first[1].InnerText);
        Assert.Equal(CellValues.InlineString, first[1].DataType!.Value);
        Assert.Equal(12, Number(first[2]));
        Assert.Equal(1234.5, Number(first[3]));
        Assert.Equal(0.1234, Number(first[4]));
        Assert.Equal(CellValues.Number, first[3].DataType!.Value);
        Assert.Equal("", rows[2][5].InnerText);
    }

    private static double Number(Cell cell)
    {
        Assert.Equal(CellValues.Number, cell.DataType!.Value);
        return double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture);
    }

    private static string FormatOf(WorkbookPart workbook, Cell cell)
    {
        var stylesheet = workbook.WorkbookStylesPart!.Stylesheet;
        var format = stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        return stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId!.Value == format.NumberFormatId!.Value).FormatCode!;
    }
}
