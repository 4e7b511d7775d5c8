using Tellal.Messaging.RabbitMq;

namespace Tellal.Messaging.Tests.Transport;

public sealed class AckWindowTests
{
    private readonly List<AckFrame> _sent = [];

    private AckWindow Window(params ulong[] received)
    {
        var window = new AckWindow(frame =>
        {
            _sent.Add(frame);
            return Task.CompletedTask;
        });
        foreach (var tag in received)
        {
            window.Received(tag);
        }

        return window;
    }

    [Fact]
    public async Task A_batch_with_nothing_unsettled_before_it_is_acknowledged_with_one_multiple_ack()
    {
        using var window = Window(1, 2, 3, 4);

        await window.SettleAsync(new HashSet<ulong> { 1, 2, 3 }, []);

        Assert.Equal([new AckFrame(3, AckKind.CompleteUpTo)], _sent);
    }

    [Fact]
    public async Task A_batch_finished_before_an_earlier_one_is_acknowledged_one_by_one_at_once()
    {
        using var window = Window(1, 2, 3, 4);

        await window.SettleAsync(new HashSet<ulong> { 3, 4 }, []);
        await window.SettleAsync(new HashSet<ulong> { 1, 2 }, []);

        // The multiple ack of the second batch covers only its own tags: 3 and 4 are the broker's no longer.
        Assert.Equal([new AckFrame(3, AckKind.Complete), new AckFrame(4, AckKind.Complete), new AckFrame(2, AckKind.CompleteUpTo)], _sent);
    }

    [Fact]
    public async Task Released_deliveries_go_back_on_their_own_and_a_later_multiple_ack_passes_over_them()
    {
        using var window = Window(1, 2, 3, 4, 5);

        await window.SettleAsync(new HashSet<ulong> { 1, 3 }, [2]);
        await window.SettleAsync(new HashSet<ulong> { 4, 5 }, []);

        Assert.Equal([new AckFrame(2, AckKind.Release), new AckFrame(3, AckKind.CompleteUpTo), new AckFrame(5, AckKind.CompleteUpTo)], _sent);
    }

    [Fact]
    public async Task A_failed_frame_leaves_the_window_settled_so_later_batches_are_not_held()
    {
        var failing = true;
        using var window = new AckWindow(frame =>
        {
            if (failing)
            {
                throw new InvalidOperationException("channel closed");
            }

            _sent.Add(frame);
            return Task.CompletedTask;
        });
        window.Received(1);
        window.Received(2);

        await Assert.ThrowsAsync<InvalidOperationException>(() => window.SettleAsync(new HashSet<ulong> { 1 }, []));
        failing = false;
        await window.SettleAsync(new HashSet<ulong> { 2 }, []);

        Assert.Equal([new AckFrame(2, AckKind.CompleteUpTo)], _sent);
    }
}
