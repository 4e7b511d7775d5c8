using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;

namespace Tellal.Reports.Tests.Rendering;

public sealed class PngChartRendererTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task Renders_a_line_chart_over_days_with_a_right_axis() => await AssertPngAsync(SampleTables.Trend());

    [Fact]
    public async Task Renders_a_bar_chart_over_categories() => await AssertPngAsync(SampleTables.Brands());

    [Fact]
    public async Task Refuses_a_table_without_chart()
    {
        var table = SampleTables.Brands() with { Chart = null };
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ReportRenderers().For(ReportFormat.Png).RenderAsync(table, Stream.Null, TestContext.Current.CancellationToken));
    }

    private static async Task AssertPngAsync(ReportTable table)
    {
        using var output = new MemoryStream();
        var rendered = await new ReportRenderers().For(ReportFormat.Png).RenderAsync(table, output, TestContext.Current.CancellationToken);

        Assert.Equal(new RenderedReport("image/png", "png"), rendered);
        var bytes = output.ToArray();
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 10_000, $"only {bytes.Length} bytes: an empty image?");
    }
}
