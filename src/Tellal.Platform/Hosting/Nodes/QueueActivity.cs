using System.Text.Json;

namespace Tellal.Platform.Hosting.Nodes;

/// <summary>
/// What this process handled and failed per queue over the last <see cref="Window"/>, in buckets of
/// <see cref="BucketWidth"/> aligned to Unix time, so every node's buckets line up and the operations view can add them.
/// A node knows only its own counts; it writes them into its heartbeat row (<see cref="ToJson"/>) and the view sums the
/// rows (<see cref="QueueRates.Sum"/>). Memory is bounded: a ring of <see cref="Buckets"/> slots per queue, reused as
/// time moves on.
/// </summary>
public sealed class QueueActivity(TimeProvider time)
{
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly int Buckets = (int)(Window / BucketWidth);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Ring> _queues = new(StringComparer.Ordinal);

    public void Handled(string queue, int count) => Add(queue, count, 0);

    /// <summary>A failed attempt: retried later, or dead-lettered.</summary>
    public void Failed(string queue) => Add(queue, 0, 1);

    /// <summary>The buckets of the window that saw any work, per queue: what the heartbeat carries.</summary>
    public Dictionary<string, List<ActivityBucket>> Recent()
    {
        var current = BucketOf(time.GetUtcNow());
        lock (_lock)
        {
            return _queues
                .Select(q => (q.Key, Buckets: q.Value.Since(current - Buckets + 1)))
                .Where(q => q.Buckets.Count > 0)
                .ToDictionary(q => q.Key, q => q.Buckets, StringComparer.Ordinal);
        }
    }

    /// <summary>Compact JSON for the heartbeat row: queue → [[bucket start (Unix s), handled, failed], ...].</summary>
    public string ToJson() =>
        JsonSerializer.Serialize(Recent().ToDictionary(q => q.Key, q => q.Value.Select(b => new[] { b.Start, b.Handled, b.Failed }).ToArray()));

    /// <summary>The buckets a heartbeat row carries; none from a row that carries none or another shape (another version's node).</summary>
    public static Dictionary<string, List<ActivityBucket>> FromJson(string? json)
    {
        Dictionary<string, long[][]>? parsed;
        try
        {
            parsed = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Dictionary<string, long[][]>>(json);
        }
        catch (JsonException)
        {
            parsed = null;
        }

        return (parsed ?? []).ToDictionary(q => q.Key, q => q.Value.Where(b => b.Length == 3).Select(b => new ActivityBucket(b[0], b[1], b[2])).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The index of the bucket <paramref name="at"/> falls in (its start is index × width, in Unix seconds).</summary>
    public static long BucketOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / (long)BucketWidth.TotalSeconds;

    private void Add(string queue, long handled, long failed)
    {
        var bucket = BucketOf(time.GetUtcNow());
        lock (_lock)
        {
            if (!_queues.TryGetValue(queue, out var ring))
            {
                _queues[queue] = ring = new Ring();
            }

            ring.Add(bucket, handled, failed);
        }
    }

    /// <summary>One queue's slots; a slot holding an older bucket than the one being counted is started over.</summary>
    private sealed class Ring
    {
        private readonly long[] _bucket = Enumerable.Repeat(-1L, Buckets).ToArray();
        private readonly long[] _handled = new long[Buckets];
        private readonly long[] _failed = new long[Buckets];

        public void Add(long bucket, long handled, long failed)
        {
            var slot = (int)(bucket % Buckets);
            if (_bucket[slot] != bucket)
            {
                _bucket[slot] = bucket;
                _handled[slot] = 0;
                _failed[slot] = 0;
            }

            _handled[slot] += handled;
            _failed[slot] += failed;
        }

        public List<ActivityBucket> Since(long first) =>
            [.. Enumerable.Range(0, Buckets)
                .Where(slot => _bucket[slot] >= first && (_handled[slot] > 0 || _failed[slot] > 0))
                .OrderBy(slot => _bucket[slot])
                .Select(slot => new ActivityBucket(_bucket[slot] * (long)BucketWidth.TotalSeconds, _handled[slot], _failed[slot]))];
    }
}

/// <param name="Start">The bucket's start in Unix seconds; it lasts <see cref="QueueActivity.BucketWidth"/>.</param>
public sealed record ActivityBucket(long Start, long Handled, long Failed);
