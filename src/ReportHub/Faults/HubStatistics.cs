using System.Collections.Concurrent;

namespace ReportHub;

/// <summary>What the provider saw, for the tests and failure drills: /v1 responses by status, jobs created, webhooks sent.</summary>
public sealed class HubStatistics
{
    private readonly ConcurrentDictionary<int, int> _responses = new();
    private int _jobsCreated;
    private int _webhookAttempts;

    public void CountResponse(int status) => _responses.AddOrUpdate(status, 1, (_, count) => count + 1);

    public void CountJobCreated() => Interlocked.Increment(ref _jobsCreated);

    public void CountWebhookAttempt() => Interlocked.Increment(ref _webhookAttempts);

    public object Snapshot() => new
    {
        responses = _responses.ToDictionary(pair => pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value),
        jobsCreated = Volatile.Read(ref _jobsCreated),
        webhookAttempts = Volatile.Read(ref _webhookAttempts),
    };
}
