using PdfSharp.Drawing;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>The type sizes of a report PDF, all in the embedded family.</summary>
internal sealed class PdfFonts
{
    public XFont Title { get; } = new(EmbeddedFontResolver.Family, 16, XFontStyleEx.Bold);

    public XFont Subtitle { get; } = new(EmbeddedFontResolver.Family, 9, XFontStyleEx.Regular);

    public XFont Header { get; } = new(EmbeddedFontResolver.Family, 8.5, XFontStyleEx.Bold);

    public XFont Body { get; } = new(EmbeddedFontResolver.Family, 8.5, XFontStyleEx.Regular);

    public XFont Footer { get; } = new(EmbeddedFontResolver.Family, 7.5, XFontStyleEx.Regular);
}
