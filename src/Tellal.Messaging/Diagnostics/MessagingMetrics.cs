using System.Diagnostics;
using System.Diagnostics.Metrics;
using Tellal.Platform.Hosting.Nodes;

namespace Tellal.Messaging;

/// <summary>
/// Counters and histograms of the messaging core, exported through OpenTelemetry; handled and failed attempts also go to
/// the node's <see cref="QueueActivity"/>, which its heartbeat carries to the operations view.
/// </summary>
public sealed class MessagingMetrics : IDisposable
{
    public const string MeterName = "Tellal.Messaging";
    public static readonly ActivitySource ActivitySource = new(MeterName);

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _published;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _failed;
    private readonly QueueActivity _activity;
    private readonly Histogram<double> _handleDuration;
    private readonly Histogram<double> _endToEnd;

    public MessagingMetrics(QueueActivity activity)
    {
        _activity = activity;
        _published = _meter.CreateCounter<long>("tellal.messages.published", description: "Messages committed to the outbox.");
        _sent = _meter.CreateCounter<long>("tellal.messages.sent", description: "Messages moved from the outbox to the transport (retries and replays included).");
        _handled = _meter.CreateCounter<long>("tellal.messages.handled", description: "Messages whose handler committed.");
        _duplicates = _meter.CreateCounter<long>("tellal.messages.duplicates", description: "Redeliveries suppressed by the inbox.");
        _retried = _meter.CreateCounter<long>("tellal.messages.retried", description: "Failed attempts scheduled for retry.");
        _deadLettered = _meter.CreateCounter<long>("tellal.messages.dead_lettered", description: "Messages moved to the dead-letter store.");
        _failed = _meter.CreateCounter<long>("tellal.messages.failed", description: "Failed attempts, retried or dead-lettered: the operations view's failed rate.");
        _handleDuration = _meter.CreateHistogram<double>("tellal.messages.handle_duration", "ms", "Handler time per batch.");
        _endToEnd = _meter.CreateHistogram<double>("tellal.messages.latency", "ms", "From publish to handled.");
    }

    public void Published(string type) => _published.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Sent(string type) => _sent.Add(1, new KeyValuePair<string, object?>("type", type));

    /// <summary>
    /// Every delivery ends handled, retried, dead-lettered or a suppressed duplicate; those four are counted per message
    /// type as well as per queue so that, set against <c>tellal.messages.sent</c>, they show whether everything of a type
    /// sent so far has been dealt with (e.g. before concluding that no second notification is coming).
    /// </summary>
    public void Handled(string queue, IEnumerable<string> types, double batchMilliseconds)
    {
        var count = 0;
        foreach (var type in types)
        {
            _handled.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("type", type));
            count++;
        }

        _activity.Handled(queue, count);

        _handleDuration.Record(batchMilliseconds, new KeyValuePair<string, object?>("queue", queue));
    }

    public void Latency(string queue, double milliseconds) => _endToEnd.Record(milliseconds, new KeyValuePair<string, object?>("queue", queue));

    public void Duplicate(string queue, string type) =>
        _duplicates.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("type", type));

    public void Retried(string queue, string type)
    {
        _retried.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("type", type));
        Failed(queue, type);
    }

    public void DeadLettered(string queue, string type)
    {
        _deadLettered.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("type", type));
        Failed(queue, type);
    }

    private void Failed(string queue, string type)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("type", type));
        _activity.Failed(queue);
    }

    public void Dispose() => _meter.Dispose();
}
