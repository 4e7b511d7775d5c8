using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>Values as people read them on paper, and text broken into lines that fit a width.</summary>
internal static class PdfText
{
    private const string Ellipsis = "…";

    /// <summary>
    /// As the XLSX number formats show them: whole numbers plain (they include years and ids, where a thousands
    /// separator reads wrong), amounts with thousands separators and two decimals, percentages as percent (0.1234
    /// is "12.34 %"), dates yyyy-MM-dd. Invariant culture, like every other format the reports are written in.
    /// </summary>
    public static string Format(ReportColumnType type, object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable number when type is not ReportColumnType.Text => number.ToString(type switch
        {
            ReportColumnType.Integer => "0",
            ReportColumnType.Percent => "P2",
            _ => "N2",
        }, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Greedy word wrap within <paramref name="width"/>; line breaks in the text are kept, and a word longer than
    /// the width is split between characters. Past <paramref name="maxLines"/> the last line ends with "…".
    /// </summary>
    public static List<string> Wrap(XGraphics graphics, string text, XFont font, double width, int maxLines)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Fits(graphics, candidate, font, width))
                {
                    line.Clear().Append(candidate);
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                }

                line.Clear();
                foreach (var character in word)
                {
                    if (line.Length > 0 && !Fits(graphics, $"{line}{character}", font, width))
                    {
                        lines.Add(line.ToString());
                        line.Clear();
                    }

                    line.Append(character);
                }
            }

            lines.Add(line.ToString());
        }

        return lines.Count <= maxLines ? lines : [.. lines.Take(maxLines - 1), Shorten(graphics, lines[maxLines - 1] + Ellipsis, font, width)];
    }

    /// <summary>The text, or as much of it as fits followed by "…".</summary>
    public static string Shorten(XGraphics graphics, string text, XFont font, double width)
    {
        if (Fits(graphics, text, font, width))
        {
            return text;
        }

        var kept = text.TrimEnd(Ellipsis[0]);
        while (kept.Length > 0 && !Fits(graphics, kept + Ellipsis, font, width))
        {
            kept = kept[..^1];
        }

        return kept + Ellipsis;
    }

    public static double WidthOf(XGraphics graphics, string text, XFont font) => graphics.MeasureString(text, font).Width;

    private static bool Fits(XGraphics graphics, string text, XFont font, double width) => WidthOf(graphics, text, font) <= width;
}
