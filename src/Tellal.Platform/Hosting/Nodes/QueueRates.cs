using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Nodes;

/// <summary>
/// One queue's work over the last <see cref="QueueActivity.Window"/>, summed over every node: totals, and every bucket of
/// the window oldest first (zeros included, the last one still filling).
/// </summary>
public sealed record QueueRate(string Queue, long Handled, long Failed, IReadOnlyList<ActivityBucket> Buckets);

/// <summary>The deployment's messages handled and failed per queue, from what each node wrote into its heartbeat row.</summary>
public static class QueueRates
{
    /// <summary>Reads the heartbeat rows that can still hold buckets of the window (a node silent for longer has none).</summary>
    public static async Task<IReadOnlyList<QueueRate>> ReadAsync(TellalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - QueueActivity.Window;
        var rows = await db.Set<NodeHeartbeat>().AsNoTracking().Where(n => n.LastSeenAt >= since).Select(n => n.Activity).ToListAsync(cancellationToken);
        return Sum(rows.Select(QueueActivity.FromJson), now);
    }

    /// <summary>
    /// Adds the nodes' buckets of the window ending at <paramref name="now"/>; buckets outside it (a stopped node's
    /// older work) are left out. Queues in name order.
    /// </summary>
    public static IReadOnlyList<QueueRate> Sum(IEnumerable<IReadOnlyDictionary<string, List<ActivityBucket>>> nodes, DateTimeOffset now)
    {
        var width = (long)QueueActivity.BucketWidth.TotalSeconds;
        var first = (QueueActivity.BucketOf(now) - QueueActivity.Buckets + 1) * width;
        var sums = new SortedDictionary<string, (long[] Handled, long[] Failed)>(StringComparer.Ordinal);
        foreach (var (queue, buckets) in nodes.SelectMany(n => n))
        {
            foreach (var bucket in buckets)
            {
                var index = (bucket.Start - first) / width;
                if (bucket.Start < first || index >= QueueActivity.Buckets)
                {
                    continue;
                }

                if (!sums.TryGetValue(queue, out var sum))
                {
                    sums[queue] = sum = (new long[QueueActivity.Buckets], new long[QueueActivity.Buckets]);
                }

                sum.Handled[index] += bucket.Handled;
                sum.Failed[index] += bucket.Failed;
            }
        }

        return [.. sums.Select(q => new QueueRate(q.Key, q.Value.Handled.Sum(), q.Value.Failed.Sum(),
            [.. Enumerable.Range(0, QueueActivity.Buckets).Select(i => new ActivityBucket(first + i * width, q.Value.Handled[i], q.Value.Failed[i]))]))];
    }
}
