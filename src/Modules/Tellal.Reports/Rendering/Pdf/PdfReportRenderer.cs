using PdfSharp.Drawing;
using PdfSharp.Pdf;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>
/// A PDF to forward outside the back office: the title and parameters, the chart where the report has one
/// (the PNG renderer's image, so that both formats show the same chart), then the table over as many pages
/// as it needs, with page numbers. Text is in an embedded font, so Turkish and other accented letters come
/// out the same on every node.
/// </summary>
internal sealed class PdfReportRenderer(PngChartRenderer charts) : IReportRenderer
{
    private const double GapAfterHeading = 10, GapAfterChart = 14;

    static PdfReportRenderer() => EmbeddedFontResolver.Install();

    public ReportFormat Format => ReportFormat.Pdf;

    public async Task<RenderedReport> RenderAsync(ReportTable table, Stream output, CancellationToken cancellationToken)
    {
        using var chart = table.Chart is null ? null : new MemoryStream();
        if (chart is not null)
        {
            await charts.RenderAsync(table, chart, cancellationToken);
            chart.Position = 0;
        }

        using var document = new PdfDocument();
        document.Info.Title = table.Title;
        document.Info.Subject = table.Subtitle;
        document.Info.Creator = "Tellal";
        var fonts = new PdfFonts();
        using (var pages = new PdfPages(document))
        {
            pages.NewPage();
            WriteHeading(pages, fonts, table);
            if (chart is not null)
            {
                WriteChart(pages, chart);
            }

            new PdfTableWriter(pages, fonts).Write(table, cancellationToken);
            pages.WriteFooters(table.Title, fonts.Footer);
        }

        // PDFsharp writes cross-references by seeking back; a response body cannot seek.
        using var buffer = new MemoryStream();
        document.Save(buffer, closeStream: false);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
        return new RenderedReport("application/pdf", "pdf");
    }

    private static void WriteHeading(PdfPages pages, PdfFonts fonts, ReportTable table)
    {
        WriteLines(pages, table.Title, fonts.Title, XBrushes.Black);
        WriteLines(pages, table.Subtitle, fonts.Subtitle, XBrushes.DimGray);
        pages.Y += GapAfterHeading;
    }

    private static void WriteLines(PdfPages pages, string text, XFont font, XBrush brush)
    {
        if (text.Length == 0)
        {
            return;
        }

        foreach (var line in PdfText.Wrap(pages.Graphics, text, font, pages.Width, maxLines: 3))
        {
            pages.Graphics.DrawString(line, font, brush, pages.Left, pages.Y, XStringFormats.TopLeft);
            pages.Y += font.GetHeight();
        }
    }

    /// <summary>The chart across the page's width, on the first page unless the heading left too little room.</summary>
    private static void WriteChart(PdfPages pages, MemoryStream png)
    {
        using var image = XImage.FromStream(png);
        var height = pages.Width * image.PixelHeight / image.PixelWidth;
        if (!pages.Fits(height))
        {
            pages.NewPage();
        }

        pages.Graphics.DrawImage(image, pages.Left, pages.Y, pages.Width, height);
        pages.Y += height + GapAfterChart;
    }
}
