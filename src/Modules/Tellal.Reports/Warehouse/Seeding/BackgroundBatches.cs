using System.Threading.Channels;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// Runs a row generator on another thread, handing rows over in batches. Generating the data costs about as
/// much CPU as inserting it, so on a machine with two cores or more this almost halves the seeding time.
/// </summary>
internal static class BackgroundBatches
{
    private const int BatchSize = 4096;

    public static async IAsyncEnumerable<T[]> Of<T>(IEnumerable<T> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var batch in rows.Chunk(BatchSize))
                {
                    await channel.Writer.WriteAsync(batch, stop.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception exception)
            {
                channel.Writer.Complete(exception);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var batch in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
            }
        }
        finally
        {
            // The consumer may stop early (an insert failed): let the producer end instead of blocking forever.
            await stop.CancelAsync();
            await producer;
        }
    }
}
