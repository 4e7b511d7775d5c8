using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering.Pdf;

namespace Tellal.Reports.Rendering;

/// <summary>What a rendered file is, for the HTTP response and the stored file name.</summary>
public sealed record RenderedReport(string ContentType, string FileExtension);

/// <summary>Writes a report table in one format.</summary>
public interface IReportRenderer
{
    ReportFormat Format { get; }

    Task<RenderedReport> RenderAsync(ReportTable table, Stream output, CancellationToken cancellationToken);
}

/// <summary>The renderer of each format.</summary>
public sealed class ReportRenderers
{
    private readonly Dictionary<ReportFormat, IReportRenderer> _byFormat;

    public ReportRenderers()
    {
        var charts = new PngChartRenderer();
        _byFormat = new IReportRenderer[] { new CsvReportRenderer(), new XlsxReportRenderer(), charts, new PdfReportRenderer(charts) }
            .ToDictionary(r => r.Format);
    }

    public IReportRenderer For(ReportFormat format) => _byFormat[format];
}
