using Tellal.Messaging.Outbox;

namespace Tellal.Reports.Requests;

/// <summary>Sends a report to the workers with its priority, so a high-priority report overtakes waiting ones.</summary>
internal static class ReportWork
{
    public static void Queue(IMessagePublisher publisher, ReportRequest report) =>
        publisher.Publish(new GenerateReport(report.Id), new PublishOptions { Priority = report.Priority, Subject = $"report/{report.Id}" });
}
