namespace Tellal.Messaging.RabbitMq;

/// <summary>
/// Settles the deliveries of one channel, which several handling loops finish in any order, with as few frames as it can
/// without holding any back. A "multiple" ack covers every unsettled delivery up to its tag, so it is used when every
/// earlier delivery is settled already (the usual case: one ack per batch); a delivery finished while an earlier one is
/// still being handled is acknowledged on its own, at once, since an unacknowledged delivery takes a prefetch slot (a long
/// report would hold it for minutes). Delivery tags grow on a channel, also across the client's automatic recovery (which
/// drops settlements of tags from before it), so the oldest delivery is the first one received.
/// </summary>
/// <param name="send">Sends one frame to the channel.</param>
internal sealed class AckWindow(Func<AckFrame, Task> send) : IDisposable
{
    /// <summary>
    /// One settlement's frames go out before the next one's: an ack sent after a multiple ack that covered its tag would
    /// name a tag the broker no longer knows, which closes the channel.
    /// </summary>
    private readonly SemaphoreSlim _sending = new(1, 1);

    private readonly Lock _lock = new();

    /// <summary>Deliveries not yet passed by a multiple ack, oldest first; true once settled.</summary>
    private readonly Queue<ulong> _order = new();
    private readonly Dictionary<ulong, bool> _settled = [];

    public void Received(ulong tag)
    {
        lock (_lock)
        {
            _order.Enqueue(tag);
            _settled[tag] = false;
        }
    }

    /// <summary>
    /// Returns the released deliveries and acknowledges the complete ones. The window is brought up to date before any frame
    /// goes out: if the channel died meanwhile, the broker redelivers what the frames were for, and the window must not keep
    /// waiting for them.
    /// </summary>
    public async Task SettleAsync(IReadOnlySet<ulong> complete, IReadOnlyList<ulong> released)
    {
        await _sending.WaitAsync();
        try
        {
            foreach (var frame in Frames(complete, released))
            {
                await send(frame);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose() => _sending.Dispose();

    private List<AckFrame> Frames(IReadOnlySet<ulong> complete, IReadOnlyList<ulong> released)
    {
        lock (_lock)
        {
            foreach (var tag in complete.Concat(released))
            {
                _settled[tag] = true;
            }

            ulong? upTo = null;
            while (_order.TryPeek(out var oldest) && _settled[oldest])
            {
                _order.Dequeue();
                _settled.Remove(oldest);
                if (complete.Contains(oldest))
                {
                    upTo = oldest; // the multiple ack below covers it, and passes over every earlier one, settled already
                }
            }

            var frames = released.Select(tag => new AckFrame(tag, AckKind.Release)).ToList();
            if (upTo is { } last)
            {
                frames.Add(new AckFrame(last, AckKind.CompleteUpTo));
            }

            // Behind a delivery still being handled: acknowledged one by one (a later multiple ack passes over them).
            frames.AddRange(complete.Where(_settled.ContainsKey).Order().Select(tag => new AckFrame(tag, AckKind.Complete)));
            return frames;
        }
    }
}

internal enum AckKind
{
    /// <summary>Acknowledge this delivery only.</summary>
    Complete,

    /// <summary>Acknowledge this delivery and every unsettled earlier one ("multiple").</summary>
    CompleteUpTo,

    /// <summary>Return this delivery to the queue.</summary>
    Release,
}

internal readonly record struct AckFrame(ulong Tag, AckKind Kind);
