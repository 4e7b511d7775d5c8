using Tellal.Messaging.Outbox;
using Tellal.Reports.Catalog;
using Tellal.Reports.External;

namespace Tellal.Reports.Requests;

/// <summary>
/// Sends a report to be produced with its priority, so a high-priority report overtakes waiting ones: to the
/// workers, or for an external type to the queue that hands it to the provider.
/// </summary>
internal static class ReportWork
{
    public static void Queue(IMessagePublisher publisher, ReportRequest report, ReportCatalog catalog)
    {
        var options = new PublishOptions { Priority = report.Priority, Subject = $"report/{report.Id}" };
        if (catalog.Find(report.ReportType) is { IsExternal: true })
        {
            publisher.Publish(new SubmitExternalReport(report.Id), options);
        }
        else
        {
            publisher.Publish(new GenerateReport(report.Id), options);
        }
    }
}
