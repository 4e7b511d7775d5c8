using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Hosting.Operations;

namespace Tellal.Messaging.Tests.Diagnostics;

/// <summary>
/// The operations view's rates: each node counts its own work in 15 s buckets aligned to Unix time and keeps 15 minutes
/// of them; the view adds every node's buckets through the heartbeat's JSON.
/// </summary>
public sealed class QueueActivityTests
{
    [Fact]
    public void Counts_land_in_their_bucket_and_fall_out_of_the_window()
    {
        var clock = new TestClock();
        var activity = new QueueActivity(clock);
        activity.Handled("q", 3);
        activity.Failed("q");
        clock.Advance(QueueActivity.BucketWidth);
        activity.Handled("q", 2);

        var buckets = activity.Recent()["q"];
        Assert.Equal([(3L, 1L), (2L, 0L)], buckets.Select(b => (b.Handled, b.Failed)));
        Assert.Equal((long)QueueActivity.BucketWidth.TotalSeconds, buckets[1].Start - buckets[0].Start);
        Assert.Equal(0, buckets[0].Start % (long)QueueActivity.BucketWidth.TotalSeconds);

        clock.Advance(QueueActivity.Window - QueueActivity.BucketWidth);
        Assert.Equal([2L], activity.Recent()["q"].Select(b => b.Handled));
        clock.Advance(QueueActivity.BucketWidth);
        Assert.Empty(activity.Recent());
    }

    [Fact]
    public void A_slot_reused_after_the_window_starts_from_zero()
    {
        var clock = new TestClock();
        var activity = new QueueActivity(clock);
        activity.Handled("q", 5);
        clock.Advance(QueueActivity.Window); // the same ring slot, one window later
        activity.Handled("q", 1);

        Assert.Equal([1L], activity.Recent()["q"].Select(b => b.Handled));
    }

    [Fact]
    public void The_view_adds_every_nodes_buckets_through_the_heartbeat_json()
    {
        var clock = new TestClock();
        var worker1 = new QueueActivity(clock);
        var worker2 = new QueueActivity(clock);
        worker1.Handled("reports.generate", 4);
        worker2.Handled("reports.generate", 6);
        worker2.Failed("reports.generate");
        worker2.Handled("notifications.email", 1);
        clock.Advance(QueueActivity.BucketWidth);
        worker1.Handled("reports.generate", 1);

        var rates = QueueRates.Sum([QueueActivity.FromJson(worker1.ToJson()), QueueActivity.FromJson(worker2.ToJson()), QueueActivity.FromJson("")], clock.GetUtcNow());

        Assert.Equal(["notifications.email", "reports.generate"], rates.Select(r => r.Queue));
        var reports = rates[1];
        Assert.Equal((11L, 1L), (reports.Handled, reports.Failed));
        Assert.Equal(QueueActivity.Buckets, reports.Buckets.Count);
        Assert.Equal([(10L, 1L), (1L, 0L)], reports.Buckets.TakeLast(2).Select(b => (b.Handled, b.Failed)));
        Assert.All(reports.Buckets.SkipLast(2), b => Assert.Equal(0, b.Handled + b.Failed));
        Assert.Equal(QueueActivity.BucketOf(clock.GetUtcNow()) * (long)QueueActivity.BucketWidth.TotalSeconds, reports.Buckets[^1].Start);
    }

    [Fact]
    public void A_stopped_nodes_older_buckets_leave_the_sum_as_time_passes()
    {
        var clock = new TestClock();
        var stopped = new QueueActivity(clock);
        stopped.Handled("q", 7);
        var json = stopped.ToJson(); // its last heartbeat

        Assert.Equal(7, QueueRates.Sum([QueueActivity.FromJson(json)], clock.GetUtcNow()).Single().Handled);
        clock.Advance(QueueActivity.Window);
        Assert.Empty(QueueRates.Sum([QueueActivity.FromJson(json)], clock.GetUtcNow()));
    }

    [Fact]
    public void Ready_per_minute_counts_each_minute_of_the_window()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 30, TimeSpan.Zero);
        var minutes = PipelineFigures.PerMinute(
            [now, now.AddSeconds(-20), now.AddMinutes(-1), now.AddMinutes(-14).AddSeconds(-30), now.AddMinutes(-15)], now);

        Assert.Equal(PipelineFigures.Minutes, minutes.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 11, 46, 0, TimeSpan.Zero), minutes[0].Minute);
        Assert.Equal([1, 1, 2], new[] { minutes[0].Count, minutes[^2].Count, minutes[^1].Count });
        Assert.Equal(4, minutes.Sum(m => m.Count)); // the one 15 minutes back is outside the window
    }
}
