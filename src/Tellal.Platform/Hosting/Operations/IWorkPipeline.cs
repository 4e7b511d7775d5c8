using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Operations;

/// <summary>
/// A module's long-running work as the operations view shows it: how much waits, how much runs, and how much finished
/// in each of the last minutes. The module reads its own tables; the view only asks.
/// </summary>
public interface IWorkPipeline
{
    Task<PipelineFigures> ReadAsync(TellalDbContext db, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <param name="Name">What the work is ("reports").</param>
/// <param name="ReadyPerMinute">One entry per minute of the last <see cref="PipelineFigures.Minutes"/>, oldest first, the last one still running.</param>
public sealed record PipelineFigures(string Name, int Queued, int Running, IReadOnlyList<MinuteCount> ReadyPerMinute)
{
    public const int Minutes = 15;

    /// <summary>Counts finish times into the minutes of the window ending at <paramref name="now"/> (zeros included).</summary>
    public static IReadOnlyList<MinuteCount> PerMinute(IEnumerable<DateTimeOffset> finished, DateTimeOffset now)
    {
        var first = WindowStart(now);
        var counts = new int[Minutes];
        foreach (var at in finished)
        {
            var index = (int)Math.Floor((at - first).TotalMinutes);
            if (index is >= 0 and < Minutes)
            {
                counts[index]++;
            }
        }

        return [.. counts.Select((count, i) => new MinuteCount(first.AddMinutes(i), count))];
    }

    /// <summary>The earliest finish time <see cref="PerMinute"/> counts for a window ending at <paramref name="now"/>.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now) =>
        new DateTimeOffset(now.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1 - Minutes);
}

public sealed record MinuteCount(DateTimeOffset Minute, int Count);
