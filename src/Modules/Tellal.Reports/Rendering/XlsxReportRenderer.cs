using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering;

/// <summary>
/// An Excel workbook with one sheet: a bold, frozen header row and typed cells (numbers stay numbers, dates
/// are real dates, money and percentages carry number formats), so the figures can be summed and sorted.
/// </summary>
internal sealed class XlsxReportRenderer : IReportRenderer
{
    // Cell format indexes in the stylesheet built below.
    private const uint HeaderStyle = 1, IntegerStyle = 2, DecimalStyle = 3, PercentStyle = 4, DateStyle = 5;

    public ReportFormat Format => ReportFormat.Xlsx;

    public async Task<RenderedReport> RenderAsync(ReportTable table, Stream output, CancellationToken cancellationToken)
    {
        // The package format needs a seekable stream; a response body is not one.
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            document.PackageProperties.Title = table.Title;
            document.PackageProperties.Subject = table.Subtitle;
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(new Row(table.Columns.Select(c => TextCell(c.Header, HeaderStyle))));
            foreach (var row in table.Rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                data.Append(new Row(row.Select((value, i) => Cell(table.Columns[i].Type, value))));
            }

            sheetPart.Worksheet = new Worksheet(FrozenHeader(), Widths(table), data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Report" }));
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
        return new RenderedReport("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
    }

    private static Cell Cell(ReportColumnType type, object? value) => value switch
    {
        null => new Cell(),
        string text => TextCell(text, 0),
        DateOnly day => NumberCell(day.ToDateTime(TimeOnly.MinValue).ToOADate(), DateStyle),
        _ => NumberCell(Convert.ToDecimal(value, CultureInfo.InvariantCulture), type switch
        {
            ReportColumnType.Integer => IntegerStyle,
            ReportColumnType.Percent => PercentStyle,
            _ => DecimalStyle,
        }),
    };

    private static Cell TextCell(string text, uint style) =>
        new(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve })) { DataType = CellValues.InlineString, StyleIndex = style };

    private static Cell NumberCell(IFormattable number, uint style) =>
        new(new CellValue(number.ToString(null, CultureInfo.InvariantCulture))) { DataType = CellValues.Number, StyleIndex = style };

    private static SheetViews FrozenHeader() => new(new SheetView(
        new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
    { WorkbookViewId = 0 });

    private static Columns Widths(ReportTable table) => new(table.Columns.Select((column, i) => new Column
    {
        Min = (uint)i + 1,
        Max = (uint)i + 1,
        Width = Math.Clamp(column.Header.Length + 4, 10, 40),
        CustomWidth = true,
    }));

    /// <summary>Fonts: normal, bold. Formats: general, header, integer, #,##0.00, 0.00%, yyyy-mm-dd.</summary>
    private static Stylesheet Styles() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { FontId = 1, ApplyFont = true },
            new CellFormat { NumberFormatId = 1, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 4, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 10, ApplyNumberFormat = true },
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true })
        { Count = 6 });
}
