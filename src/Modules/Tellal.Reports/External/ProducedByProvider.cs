using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.External;

/// <summary>
/// The "query" of an external report type: there is none here, the provider runs it. External types are routed to
/// the external queue when submitted, so reaching this is a routing bug and says so instead of producing a wrong file.
/// </summary>
internal sealed class ProducedByProvider : IReportQuery
{
    public static IReportQuery Query { get; } = new ProducedByProvider();

    public Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("External report types are produced by the provider, not by a warehouse query.");
}
