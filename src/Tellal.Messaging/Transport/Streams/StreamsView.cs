using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.Transport.Streams;

/// <summary>The admin streams view: every transport in use with its queues' depths or topics' offsets and lag.</summary>
public sealed class StreamsView(ITransport transport, QueueRoutes routes)
{
    public async Task<IReadOnlyList<TransportStreams>> DescribeAsync(CancellationToken cancellationToken)
    {
        var streams = new List<TransportStreams>();
        foreach (var part in transport.InUse())
        {
            streams.Add(part is IStreamInspection inspection
                ? await inspection.DescribeAsync([.. routes.QueuesOn(part.Name)], cancellationToken)
                : new TransportStreams(part.Name, [], []));
        }

        return streams;
    }
}
