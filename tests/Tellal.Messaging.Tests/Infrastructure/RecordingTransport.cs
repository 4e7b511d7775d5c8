using System.Collections.Concurrent;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>A broker-like transport in memory: records every message it was sent, and fails sends while told to.</summary>
public sealed class RecordingTransport : ITransport
{
    private readonly ConcurrentQueue<OutgoingMessage> _sent = new();
    private int _refused;

    public string Name => "recording";

    /// <summary>While set, every send throws (the broker is down).</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<OutgoingMessage> Sent => _sent.ToArray();

    /// <summary>Sends refused while <see cref="Failing"/>.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref _refused);
            throw new IOException("The recording transport was told to fail.");
        }

        foreach (var message in messages)
        {
            _sent.Enqueue(message);
        }

        return Task.CompletedTask;
    }

    public Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken) =>
        Task.Delay(Timeout.Infinite, cancellationToken);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(!Failing);
}
