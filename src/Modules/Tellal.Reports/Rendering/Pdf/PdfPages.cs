using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>
/// A cursor down A4 landscape pages (landscape because report tables are wide): what is drawn goes at
/// <see cref="Y"/>, and a new page starts when the next block does not fit above the footer. At the end
/// every page gets its footer, "title · page n of m", which needs the page count.
/// </summary>
internal sealed class PdfPages(PdfDocument document) : IDisposable
{
    private const double Margin = 36, FooterHeight = 18;

    private XGraphics? _graphics;

    public XGraphics Graphics => _graphics ?? throw new InvalidOperationException("No page yet: call NewPage first.");

    public double Left { get; } = Margin;

    public double Width { get; private set; }

    public double Y { get; set; }

    public double Bottom { get; private set; }

    public bool Fits(double height) => Y + height <= Bottom;

    public void NewPage()
    {
        _graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Landscape;
        _graphics = XGraphics.FromPdfPage(page);
        Width = page.Width.Point - 2 * Margin;
        Bottom = page.Height.Point - Margin - FooterHeight;
        Y = Margin;
    }

    public void WriteFooters(string title, XFont font)
    {
        _graphics?.Dispose();
        _graphics = null;
        for (var i = 0; i < document.PageCount; i++)
        {
            var page = document.Pages[i];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var line = new XRect(Margin, page.Height.Point - Margin - font.GetHeight(), page.Width.Point - 2 * Margin, font.GetHeight());
            graphics.DrawString(title, font, XBrushes.Gray, line, XStringFormats.CenterLeft);
            graphics.DrawString($"page {i + 1} of {document.PageCount}", font, XBrushes.Gray, line, XStringFormats.CenterRight);
        }
    }

    public void Dispose() => _graphics?.Dispose();
}
