using PdfSharp.Drawing;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>
/// Draws a report table across as many pages as it needs, the header row repeated at the top of each. Columns
/// get the width their longest value needs; when the table is wider than the page, the narrow columns keep
/// theirs and the wide ones share the rest, their text wrapped rather than cut (up to <see cref="MaxCellLines"/> lines).
/// Numbers are right-aligned.
/// </summary>
internal sealed class PdfTableWriter(PdfPages pages, PdfFonts fonts)
{
    /// <summary>Lines of one cell; a longer text ends with "…", so that one row can never outgrow a page.</summary>
    private const int MaxCellLines = 8;

    private const double Padding = 3;

    private readonly XPen _rule = new(XColor.FromArgb(0xC8, 0xC8, 0xC8), 0.5);
    private readonly XBrush _headerFill = new XSolidBrush(XColor.FromArgb(0xE4, 0xE8, 0xEE));
    private readonly XBrush _stripeFill = new XSolidBrush(XColor.FromArgb(0xF6, 0xF7, 0xF9));

    public void Write(ReportTable table, CancellationToken cancellationToken)
    {
        var cells = table.Rows.Select(row => row.Select((value, i) => PdfText.Format(table.Columns[i].Type, value)).ToArray()).ToList();
        var widths = ColumnWidths(table, cells);
        var header = table.Columns.Select(c => c.Header).ToArray();
        var rightAligned = table.Columns.Select(c => c.Type is not (ReportColumnType.Text or ReportColumnType.Date)).ToArray();
        var headerLines = Lines(header, fonts.Header, widths);

        // The header never ends a page on its own (e.g. below a chart): it starts one if its first row would not fit.
        var firstRowHeight = cells.Count == 0 ? fonts.Body.GetHeight() : HeightOf(Lines(cells[0], fonts.Body, widths), fonts.Body);
        if (!pages.Fits(HeightOf(headerLines, fonts.Header) + firstRowHeight))
        {
            pages.NewPage();
        }

        DrawRow(headerLines, fonts.Header, widths, rightAligned, _headerFill);
        if (cells.Count == 0)
        {
            pages.Graphics.DrawString("No rows.", fonts.Body, XBrushes.Gray, pages.Left + Padding, pages.Y + Padding, XStringFormats.TopLeft);
            return;
        }

        for (var r = 0; r < cells.Count; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lines = Lines(cells[r], fonts.Body, widths);
            if (!pages.Fits(HeightOf(lines, fonts.Body)))
            {
                pages.NewPage();
                DrawRow(headerLines, fonts.Header, widths, rightAligned, _headerFill);
            }

            DrawRow(lines, fonts.Body, widths, rightAligned, r % 2 == 1 ? _stripeFill : null);
        }
    }

    /// <summary>Each column's natural width (its longest line), fitted into the page's width.</summary>
    private double[] ColumnWidths(ReportTable table, List<string[]> cells)
    {
        var natural = table.Columns.Select((column, i) => 2 * Padding + Math.Max(
            LongestLine(column.Header, fonts.Header),
            cells.Count == 0 ? 0 : cells.Max(row => LongestLine(row[i], fonts.Body)))).ToArray();
        var total = natural.Sum();
        if (total <= pages.Width)
        {
            // Room to spare: spread it, so that every table spans the page.
            return [.. natural.Select(w => w * pages.Width / total)];
        }

        // Narrowest first: each column gets its natural width or an equal share of what is left, whichever is less.
        var widths = new double[natural.Length];
        var left = pages.Width;
        var order = Enumerable.Range(0, natural.Length).OrderBy(i => natural[i]).ToArray();
        for (var k = 0; k < order.Length; k++)
        {
            var i = order[k];
            widths[i] = Math.Min(natural[i], left / (order.Length - k));
            left -= widths[i];
        }

        return widths;
    }

    private double LongestLine(string text, XFont font) =>
        text.ReplaceLineEndings("\n").Split('\n').Max(line => PdfText.WidthOf(pages.Graphics, line, font));

    private List<string>[] Lines(string[] texts, XFont font, double[] widths) =>
        [.. texts.Select((text, i) => PdfText.Wrap(pages.Graphics, text, font, widths[i] - 2 * Padding, MaxCellLines))];

    private static double HeightOf(List<string>[] lines, XFont font) => lines.Max(l => l.Count) * font.GetHeight() + 2 * Padding;

    private void DrawRow(List<string>[] lines, XFont font, double[] widths, bool[] rightAligned, XBrush? fill)
    {
        var graphics = pages.Graphics;
        var height = HeightOf(lines, font);
        var right = pages.Left + widths.Sum();
        if (fill is not null)
        {
            graphics.DrawRectangle(fill, pages.Left, pages.Y, right - pages.Left, height);
        }

        var x = pages.Left;
        for (var i = 0; i < widths.Length; i++)
        {
            for (var l = 0; l < lines[i].Count; l++)
            {
                var box = new XRect(x + Padding, pages.Y + Padding + l * font.GetHeight(), widths[i] - 2 * Padding, font.GetHeight());
                graphics.DrawString(lines[i][l], font, XBrushes.Black, box, rightAligned[i] ? XStringFormats.TopRight : XStringFormats.TopLeft);
            }

            x += widths[i];
        }

        pages.Y += height;
        graphics.DrawLine(_rule, pages.Left, pages.Y, right, pages.Y);
    }
}
