using System.Text;
using System.Text.RegularExpressions;
using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;
using Tellal.Reports.Rendering.Pdf;
using Tellal.Testing;

namespace Tellal.Reports.Tests.Rendering;

/// <summary>Each PDF is read back with poppler's pdftotext/pdfimages, as a person's PDF viewer would show it.</summary>
public sealed class PdfRendererTests
{
    private const string TurkishTitle = "Günlük kiralamalar: ğüşıöç İĞÜŞÖÇ";

    [Fact]
    public async Task Shows_the_title_and_the_first_row_with_turkish_letters()
    {
        var text = await Poppler.TextAsync(await RenderAsync(SampleTables.Trend() with { Title = TurkishTitle }));

        Assert.Contains(TurkishTitle, text, StringComparison.Ordinal);
        Assert.Contains("from=2025-05-01, to=2025-05-03", text, StringComparison.Ordinal);
        Assert.Matches(@"Day +Name, ""quoted"" +Rentals +Revenue +Share +Average", text);
        Assert.Matches("2025-05-01 +Öztürk, Ayşe +12 +1,234\\.50 +12\\.34 % +401\\.25", text);
    }

    [Fact]
    public async Task A_report_with_a_chart_draws_the_png_chart_above_its_table()
    {
        var withChart = await RenderAsync(SampleTables.Brands());
        var withoutChart = await RenderAsync(SampleTables.Brands() with { Chart = null });

        var image = Assert.Single(await Poppler.ImagesAsync(withChart));
        Assert.Matches(@"^\s*1\s+0\s+image\s+1200\s+600\s", image);
        Assert.Empty(await Poppler.ImagesAsync(withoutChart));
        Assert.Contains("Uludağ", await Poppler.TextAsync(withChart), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_table_continues_over_pages_with_its_header_repeated()
    {
        var rows = Enumerable.Range(1, 300).Select(i => new object?[] { $"Brand {i:000}", (long)i }).ToList();
        var table = SampleTables.Brands() with { Rows = rows, Chart = null };

        var pages = (await Poppler.TextAsync(await RenderAsync(table))).Split('\f', StringSplitOptions.RemoveEmptyEntries)
            .Where(page => page.Trim().Length > 0).ToArray();

        Assert.True(pages.Length > 3, $"300 rows on {pages.Length} pages");
        Assert.All(pages, page => Assert.Matches(@"(?m)^\s*Brand\s+Fans\s*$", page));
        Assert.All(pages.Select((page, i) => (page, i)), p => Assert.Contains($"page {p.i + 1} of {pages.Length}", p.page, StringComparison.Ordinal));
        var listed = pages.SelectMany(Lines).Select(line => Regex.Match(line, @"Brand (\d{3})\s")).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Enumerable.Range(1, 300), listed);
    }

    [Fact]
    public async Task Text_too_wide_for_its_column_wraps_instead_of_being_cut()
    {
        var words = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"word{i}"));
        var table = SampleTables.Trend() with { Rows = [[new DateOnly(2025, 5, 1), words, 1L, 1m, 0.5m, 1m]], Chart = null };

        var text = await Poppler.TextAsync(await RenderAsync(table), layout: false);

        var found = Regex.Matches(text, @"word(\d+)").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(Enumerable.Range(1, 60).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), found);
    }

    [Fact]
    public async Task An_empty_report_still_has_its_title_and_header()
    {
        var text = await Poppler.TextAsync(await RenderAsync(SampleTables.Brands() with { Rows = [], Chart = null }));

        Assert.Contains("Brands", text, StringComparison.Ordinal);
        Assert.Matches(@"Brand\s+Fans", text);
        Assert.Contains("No rows.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_are_written_as_the_xlsx_formats_show_them()
    {
        Assert.Equal("2019", PdfText.Format(ReportColumnType.Integer, 2019L));
        Assert.Equal("1,234.50", PdfText.Format(ReportColumnType.Money, 1234.5m));
        Assert.Equal("0.50", PdfText.Format(ReportColumnType.Decimal, 0.5m));
        Assert.Equal("12.34 %", PdfText.Format(ReportColumnType.Percent, 0.1234m));
        Assert.Equal("2025-05-01", PdfText.Format(ReportColumnType.Date, new DateOnly(2025, 5, 1)));
        Assert.Equal("Öztürk", PdfText.Format(ReportColumnType.Text, "Öztürk"));
        Assert.Equal("", PdfText.Format(ReportColumnType.Money, null));
    }

    private static async Task<byte[]> RenderAsync(ReportTable table)
    {
        using var output = new MemoryStream();
        var rendered = await new ReportRenderers().For(ReportFormat.Pdf).RenderAsync(table, output, TestContext.Current.CancellationToken);
        Assert.Equal(new RenderedReport("application/pdf", "pdf"), rendered);
        var bytes = output.ToArray();
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes[..5]));
        return bytes;
    }

    private static string[] Lines(string text) => text.Split('\n');
}
