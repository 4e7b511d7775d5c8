using System.Diagnostics.Metrics;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Hosting.Operations;

namespace Tellal.Operations;

/// <summary>
/// The operations view's figures as Prometheus gauges (docs/operations.md lists them): the deployment as the latest
/// <see cref="OperationsFigures"/> snapshot describes it, refreshed when <c>/metrics</c> is scraped
/// (<see cref="OperationsExtensions.UseOperationsMetrics"/>). Web nodes export them; every web node reports the same
/// deployment, so aggregate with <c>max</c>, not <c>sum</c>. The per-node counters (handled, failed, ...) are the messaging
/// core's (<c>Tellal.Messaging</c>).
/// </summary>
internal sealed class OperationsMetrics : IDisposable
{
    public const string MeterName = "Tellal.Operations";

    /// <summary>Older figures are not reported: a gauge that stopped moving would look like a deployment that did.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly Meter _meter = new(MeterName);

    public OperationsMetrics(OperationsFigures figures, TimeProvider time)
    {
        IEnumerable<Measurement<long>> Each<T>(Func<OperationsSnapshot, IEnumerable<T>> items, Func<T, Measurement<long>?> measure) =>
            figures.Latest is { Problem: null } latest && time.GetUtcNow() - latest.At < MaxAge
                ? items(latest).Select(measure).OfType<Measurement<long>>() : [];

        _meter.CreateObservableGauge("tellal.nodes", () => Each(s => s.Nodes.GroupBy(n => n.State), g =>
            (Measurement<long>?)new Measurement<long>(g.Count(), Tag("state", g.Key.ToString()))), description: "Nodes by state, from their heartbeat rows.");
        _meter.CreateObservableGauge("tellal.queue.waiting", () => Each(s => s.Streams.SelectMany(t => t.Queues.Select(q => (t.Transport, q))), x =>
            (Measurement<long>?)new Measurement<long>(x.q.Waiting, Tag("transport", x.Transport), Tag("queue", x.q.Queue))),
            description: "Messages waiting in a queue, not yet handed to a consumer (Local, RabbitMQ, Redis).");
        _meter.CreateObservableGauge("tellal.queue.in_flight", () => Each(s => s.Streams.SelectMany(t => t.Queues.Select(q => (t.Transport, q))), x =>
            x.q.InFlight is { } inFlight ? new Measurement<long>(inFlight, Tag("transport", x.Transport), Tag("queue", x.q.Queue)) : null),
            description: "Messages handed to a consumer and not settled yet (Local, Redis; RabbitMQ does not say).");
        _meter.CreateObservableGauge("tellal.queue.oldest_waiting_age", () => Each(s => s.Streams.SelectMany(t => OldestWaiting(t).Select(q => (s.At, t.Transport, q))), x =>
            (Measurement<long>?)new Measurement<long>((long)Math.Max(0, (x.At - x.q.Since).TotalSeconds), Tag("transport", x.Transport), Tag("queue", x.q.Queue))),
            unit: "s", description: "How long the oldest waiting message of a queue has been deliverable (Kafka: the oldest record at a committed offset of the queue's group; absent when none waits or the transport does not say).");
        _meter.CreateObservableGauge("tellal.topic.lag", () => Each(s => s.Streams.SelectMany(t => t.Topics), topic =>
            (Measurement<long>?)new Measurement<long>(topic.Partitions.Sum(p => p.Lag), Tag("queue", topic.Queue), Tag("topic", topic.Topic))),
            description: "Kafka: records after the queue's consumer group's committed offsets, over all partitions.");
        _meter.CreateObservableGauge("tellal.outbox.due", () => Each(s => s.Outbox is { } o ? [o.Due] : Array.Empty<int>(), due =>
            (Measurement<long>?)new Measurement<long>(due)), description: "Outbox rows due now and not sent yet.");
        _meter.CreateObservableGauge("tellal.outbox.scheduled", () => Each(s => s.Outbox is { } o ? [o.Scheduled] : Array.Empty<int>(), scheduled =>
            (Measurement<long>?)new Measurement<long>(scheduled)), description: "Outbox rows due later (retries, timers).");
        _meter.CreateObservableGauge("tellal.outbox.oldest_due_age", () => Each(s => s.Outbox is { } o ? [(s.At, o)] : Array.Empty<(DateTimeOffset, Messaging.Diagnostics.OutboxBacklog)>(), x =>
            (Measurement<long>?)new Measurement<long>(x.Item2.OldestDueAt is { } oldest ? (long)Math.Max(0, (x.Item1 - oldest).TotalSeconds) : 0)),
            unit: "s", description: "How long the oldest due outbox row has waited (0 when none waits).");
        _meter.CreateObservableGauge("tellal.dead_letters", () => Each(s => s.DeadLetters, d =>
            (Measurement<long>?)new Measurement<long>(d.Count, Tag("queue", d.Queue))), description: "Dead letters not replayed yet, by the queue they died in.");
        _meter.CreateObservableGauge("tellal.queue.handled_last_bucket", () => Each(s => s.Rates, r =>
            (Measurement<long>?)new Measurement<long>(LastComplete(r).Handled, Tag("queue", r.Queue))),
            description: $"Messages handled by every node together in the last complete {QueueActivity.BucketWidth.TotalSeconds:0} s bucket (divide by it for the view's rate).");
        _meter.CreateObservableGauge("tellal.queue.failed_last_bucket", () => Each(s => s.Rates, r =>
            (Measurement<long>?)new Measurement<long>(LastComplete(r).Failed, Tag("queue", r.Queue))),
            description: $"Failed attempts (retried or dead-lettered) on every node together in the last complete {QueueActivity.BucketWidth.TotalSeconds:0} s bucket.");
        _meter.CreateObservableGauge("tellal.pipeline.work", () => Each(s => s.Pipelines.SelectMany(p => new[] { (p, "queued", p.Queued), (p, "running", p.Running) }), x =>
            (Measurement<long>?)new Measurement<long>(x.Item3, Tag("pipeline", x.p.Name), Tag("state", x.Item2))),
            description: "Work waiting (queued) and under way (running) per pipeline (reports).");
        _meter.CreateObservableGauge("tellal.pipeline.ready_last_minute", () => Each(s => s.Pipelines, p =>
            (Measurement<long>?)new Measurement<long>(LastCompleteMinute(p), Tag("pipeline", p.Name))),
            description: "Work that finished ready in the last complete minute, per pipeline (reports).");
    }

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);

    /// <summary>Each queue's oldest waiting message where the transport says: a queue's own, or the oldest of its topics' partitions (Kafka).</summary>
    private static IEnumerable<(string Queue, DateTimeOffset Since)> OldestWaiting(TransportStreams transport) =>
        transport.Queues.Where(q => q.OldestWaitingSince is not null).Select(q => (q.Queue, q.OldestWaitingSince!.Value))
            .Concat(transport.Topics.GroupBy(t => t.Queue)
                .Select(g => (Queue: g.Key, Since: g.SelectMany(t => t.Partitions).Min(p => p.OldestWaitingSince)))
                .Where(q => q.Since is not null)
                .Select(q => (q.Queue, q.Since!.Value)));

    /// <summary>The bucket before the one still filling.</summary>
    private static ActivityBucket LastComplete(QueueRate rate) => rate.Buckets[^2];

    private static int LastCompleteMinute(PipelineFigures pipeline) => pipeline.ReadyPerMinute[^2].Count;
}
