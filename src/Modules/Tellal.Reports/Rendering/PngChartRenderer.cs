using ScottPlot;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering;

/// <summary>
/// The report's chart as a PNG (ScottPlot on SkiaSharp, no display needed). Date columns become a time axis,
/// text columns labelled categories; series marked for the right axis get their own scale there.
/// </summary>
internal sealed class PngChartRenderer : IReportRenderer
{
    private const int Width = 1200, Height = 600;

    public ReportFormat Format => ReportFormat.Png;

    public async Task<RenderedReport> RenderAsync(ReportTable table, Stream output, CancellationToken cancellationToken)
    {
        var chart = table.Chart ?? throw new InvalidOperationException($"'{table.Title}' has no chart to render as PNG.");
        var plot = new Plot();
        plot.Title(chart.Title);
        var xColumn = table.ColumnIndex(chart.XColumn);
        var isTimeAxis = table.Columns[xColumn].Type == ReportColumnType.Date;
        var xs = isTimeAxis
            ? table.Rows.Select(r => ((DateOnly)r[xColumn]!).ToDateTime(TimeOnly.MinValue).ToOADate()).ToArray()
            : Enumerable.Range(0, table.Rows.Count).Select(i => (double)i).ToArray();

        foreach (var series in chart.Series)
        {
            var column = table.ColumnIndex(series.Column);
            var ys = table.Rows.Select(r => r[column] is null ? 0.0 : Convert.ToDouble(r[column], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var yAxis = series.RightAxis ? plot.Axes.Right : plot.Axes.Left;
            if (chart.Kind == ReportChartKind.Bar)
            {
                var bars = plot.Add.Bars(xs, ys);
                bars.LegendText = table.Columns[column].Header;
                bars.Axes.YAxis = yAxis;
            }
            else
            {
                var line = plot.Add.Scatter(xs, ys);
                line.LegendText = table.Columns[column].Header;
                line.Axes.YAxis = yAxis;
            }

            yAxis.Label.Text = table.Columns[column].Header;
        }

        if (isTimeAxis)
        {
            plot.Axes.DateTimeTicksBottom();
        }
        else
        {
            var labels = table.Rows.Select(r => Convert.ToString(r[xColumn], System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
            plot.Axes.Bottom.SetTicks(xs, labels);
            plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }

        plot.Axes.Bottom.Label.Text = table.Columns[xColumn].Header;
        plot.ShowLegend();
        cancellationToken.ThrowIfCancellationRequested();
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        await output.WriteAsync(png, cancellationToken);
        return new RenderedReport("image/png", "png");
    }
}
