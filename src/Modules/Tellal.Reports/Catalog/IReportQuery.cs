using Tellal.Platform.Storage;

namespace Tellal.Reports.Catalog;

/// <summary>Produces a report's table from the warehouse. Runs on SQLite and PostgreSQL alike.</summary>
public interface IReportQuery
{
    Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken);
}
