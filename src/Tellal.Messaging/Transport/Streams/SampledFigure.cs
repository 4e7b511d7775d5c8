using Microsoft.Extensions.Logging;

namespace Tellal.Messaging.Transport.Streams;

/// <summary>
/// A figure that costs a round trip to read (a broker's management API, a record fetched from a log), read at most once
/// per <paramref name="interval"/> and in the background: <see cref="Current"/> answers at once with the last value read,
/// so a slow or dead source never holds up the streams view (nor the operations view and <c>/metrics</c> behind it) and
/// its errors never reach the caller. Reads follow the askers (no one asking, nothing is read), so the value given can be
/// as old as the time between two asks; one older than <see cref="MaxAge"/> (or three intervals, if longer) is not given
/// any more: a figure that stopped moving would look like a queue that did.
/// </summary>
public sealed partial class SampledFigure<T>(string name, Func<CancellationToken, Task<T>> read, TimeSpan interval, TimeProvider time, ILogger logger)
    : IDisposable where T : class
{
    /// <summary>As the operations gauges' own limit: askers come every few seconds (the view pushes every 2 s).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _maxAge = interval * 3 > MaxAge ? interval * 3 : MaxAge;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private Task _reading = Task.CompletedTask;
    private DateTimeOffset _started = DateTimeOffset.MinValue;
    private (T Value, DateTimeOffset At)? _last;
    private bool _failing;

    /// <summary>The last value read, or null (none yet, or too old); starts a read in the background when the last one is an interval old.</summary>
    public T? Current()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_reading.IsCompleted && now - _started >= interval && !_disposed.IsCancellationRequested)
            {
                _started = now;
                _reading = Task.Run(ReadAsync);
            }

            return _last is { } last && now - last.At < _maxAge ? last.Value : null;
        }
    }

    /// <summary>Cancels a read under way; the token source stays undisposed, as a read may still be about to take its token.</summary>
    public void Dispose() => _disposed.Cancel();

    private async Task ReadAsync()
    {
        try
        {
            var value = await read(_disposed.Token);
            lock (_lock)
            {
                _last = (value, time.GetUtcNow());
            }

            if (_failing)
            {
                _failing = false;
                LogBack(logger, name);
            }
        }
        catch (Exception exception)
        {
            // Said once per outage: the figure is read every interval, and a log line each time would drown the rest.
            // Disposed while reading: nobody asks any more.
            if (!_failing && !_disposed.IsCancellationRequested)
            {
                _failing = true;
                LogFailing(logger, exception, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read {Figure}; the streams view goes without it until it can")]
    private static partial void LogFailing(ILogger logger, Exception exception, string figure);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Figure} can be read again")]
    private static partial void LogBack(ILogger logger, string figure);
}
