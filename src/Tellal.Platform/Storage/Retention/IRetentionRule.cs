namespace Tellal.Platform.Storage.Retention;

/// <summary>
/// Rows of one table that are only needed for a while (handled message ids, webhook receipts): the
/// <see cref="RetentionSweeper"/> deletes the ones older than <see cref="Retention"/>, in small batches.
/// </summary>
public interface IRetentionRule
{
    /// <summary>What the rows are, for logs.</summary>
    string Name { get; }

    TimeSpan Retention { get; }

    /// <summary>Deletes at most <paramref name="batchSize"/> rows older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteBatchAsync(TellalDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken);
}
