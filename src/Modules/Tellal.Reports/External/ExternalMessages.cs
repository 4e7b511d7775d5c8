using Tellal.Messaging.Envelopes;

namespace Tellal.Reports.External;

/// <summary>Module-internal: hand this external report to the provider (again, after a loss: same Idempotency-Key).</summary>
[MessageType("tellal.reports.submit-external-report.v1")]
public sealed record SubmitExternalReport(Guid ReportId);

/// <summary>
/// Module-internal: ask the provider how the report's job stands and finish the report if it is done. Sent by the
/// webhook receiver (<see cref="Scheduled"/> false) and as the due-later polling fallback (true, which keeps polling).
/// </summary>
[MessageType("tellal.reports.check-external-report.v1")]
public sealed record CheckExternalReport(Guid ReportId, bool Scheduled);
