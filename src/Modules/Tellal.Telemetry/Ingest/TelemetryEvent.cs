using Tellal.Messaging.Envelopes;

namespace Tellal.Telemetry.Ingest;

/// <summary>
/// One event as an app sent it, validated. <see cref="Data"/> is the event's <c>data</c> object as JSON text: its shape
/// depends on the type and is the reports' business, not the pipeline's.
/// </summary>
public sealed record TelemetryEvent(Guid EventId, string DeviceId, string PlayerId, long GameId, string Type, DateTimeOffset OccurredAt, string Data);

/// <summary>
/// One accepted request: the unit the web node queues (one message per request) and the ingest node stages in one
/// transaction with the message's inbox row, so a redelivered message is recognised and stages nothing twice.
/// </summary>
[MessageType("tellal.telemetry.events-received.v1")]
public sealed record TelemetryEventsReceived(string App, IReadOnlyList<TelemetryEvent> Events);
