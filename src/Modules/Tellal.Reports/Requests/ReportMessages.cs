using Tellal.Messaging.Envelopes;

namespace Tellal.Reports.Requests;

/// <summary>Module-internal: produce this report (sent with the report's priority to the worker queue).</summary>
[MessageType("tellal.reports.generate-report.v1")]
public sealed record GenerateReport(Guid ReportId);

/// <summary>Module-internal: the report's lifetime is over; delivered no earlier than its expiry time.</summary>
[MessageType("tellal.reports.expire-report.v1")]
public sealed record ExpireReport(Guid ReportId);
