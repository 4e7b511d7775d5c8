using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Tellal.Cli.Simulate;

/// <summary>
/// Players' apps reporting events: one request per device batch on a fixed schedule (open loop, at most
/// <see cref="TelemetrySimulationSettings.Clients"/> in flight), each retried unchanged after a failure, a 5xx or a
/// 429 or 423 (after its Retry-After) until accepted or given up, and a share of accepted requests sent once more.
/// </summary>
internal static class TelemetrySimulation
{
    private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(5);

    public static async Task<TelemetrySimulationSummary> RunAsync(TelemetrySimulationSettings settings, TextWriter log, CancellationToken ct)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var app = new SimulatedApp(run, settings);
        var total = (long)Math.Ceiling(settings.Rate * settings.Duration.TotalSeconds);
        var requests = (int)((total + settings.BatchSize - 1) / settings.BatchSize);
        await log.WriteLineAsync($"Run {run}: {total} event(s) from {settings.Devices} device(s) at {settings.Rate}/s in requests of up to {settings.BatchSize}, {settings.Duplicates:P0} resent...");

        using var http = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", settings.Key);
        using var inFlight = new SemaphoreSlim(settings.Clients);
        var outcome = new Tally();
        var sends = new List<Task>(requests);
        var clock = Stopwatch.StartNew();
        long queued = 0;
        for (var r = 0; r < requests; r++)
        {
            var due = TimeSpan.FromSeconds(queued / settings.Rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, ct);
            }

            var device = r % settings.Devices;
            var (body, ids) = app.Batch(device, (int)Math.Min(settings.BatchSize, total - queued), DateTimeOffset.UtcNow);
            queued += ids.Length;
            var resend = SimulatedApp.Crosses(r, settings.Duplicates);
            await inFlight.WaitAsync(ct);
            sends.Add(SendAsync(http, inFlight, body, ids, device, resend, settings, outcome, ct));
        }

        await Task.WhenAll(sends);
        var elapsed = clock.Elapsed;
        return outcome.Summarize(run, app, elapsed);
    }

    private static async Task SendAsync(HttpClient http, SemaphoreSlim inFlight, byte[] body, Guid[] ids, int device, bool resend,
        TelemetrySimulationSettings settings, Tally outcome, CancellationToken ct)
    {
        try
        {
            var answer = await DeliverAsync(http, body, settings.GiveUp, outcome, ct);
            outcome.Add(answer, ids, device);
            if (answer == HttpStatusCode.Accepted && resend)
            {
                // The app did not see the 202 (a timeout) and sends the same request again.
                if (await DeliverAsync(http, body, settings.GiveUp, outcome, ct) == HttpStatusCode.Accepted)
                {
                    Interlocked.Add(ref outcome.Duplicates, ids.Length);
                }
            }
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>The final answer: 202, a refusal to give up on (4xx other than 429), or null when it never got through.</summary>
    private static async Task<HttpStatusCode?> DeliverAsync(HttpClient http, byte[] body, TimeSpan giveUp, Tally outcome, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var pause = FirstPause;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref outcome.Retries);
            }

            TimeSpan? retryAfter = null;
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                using var response = await http.PostAsync("/api/telemetry/events", content, ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    outcome.Latencies.Add(Stopwatch.GetElapsedTime(started));
                    return response.StatusCode;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Interlocked.Increment(ref outcome.Throttled);
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                else if (response.StatusCode is HttpStatusCode.Locked or HttpStatusCode.RequestTimeout)
                {
                    // 423: a node still starting (its Retry-After says when to come back); 408: the node gave up reading.
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                else if ((int)response.StatusCode < 500)
                {
                    return response.StatusCode;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Refused, reset or timed out: the request may or may not have been queued; the same eventIds again make sure, once.
            }

            var wait = retryAfter ?? pause;
            if (deadline.Elapsed + wait > giveUp)
            {
                return null;
            }

            await Task.Delay(wait, ct);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LongestPause.Ticks));
        }
    }

    /// <summary>What came of the requests, shared by the concurrent sends.</summary>
    private sealed class Tally
    {
        public readonly ConcurrentBag<TimeSpan> Latencies = [];
        public readonly ConcurrentDictionary<int, bool> Players = new();
        public long Distinct;
        public long Duplicates;
        public long Retries;
        public long Throttled;
        public long Refused;
        public long Undelivered;

        public void Add(HttpStatusCode? answer, Guid[] ids, int device)
        {
            switch (answer)
            {
                case HttpStatusCode.Accepted:
                    Interlocked.Add(ref Distinct, ids.Length);
                    Players.TryAdd(device, true);
                    break;
                case null:
                    Interlocked.Add(ref Undelivered, ids.Length);
                    break;
                default:
                    Interlocked.Add(ref Refused, ids.Length);
                    break;
            }
        }

        public TelemetrySimulationSummary Summarize(string run, SimulatedApp app, TimeSpan elapsed) => new(
            run, Distinct, Players.Count, Duplicates, Retries, Throttled, Refused, Undelivered, app.Purchases, app.BadReceipts,
            elapsed.TotalSeconds > 0 ? (Distinct + Duplicates) / elapsed.TotalSeconds : 0, [.. Latencies.Order()]);
    }
}
