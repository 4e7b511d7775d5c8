using Tellal.Messaging.Storage;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>Statements on outbox rows by sequence number, shared by the relay and the committed-message sender.</summary>
internal static class OutboxRows
{
    /// <summary>Rows per statement: far below the parameter limits of SQLite and PostgreSQL.</summary>
    public const int MaxPerStatement = 1000;

    /// <summary>Sent: the rows are done with.</summary>
    public static Task DeleteAsync(TellalDbContext db, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken) =>
        ExecuteAsync(db, $"DELETE FROM {MessagingModel.OutboxTable}", seqs, cancellationToken);

    /// <summary>Not sent after all: any relay may take them at once instead of after their lease.</summary>
    public static Task ReleaseAsync(TellalDbContext db, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken) =>
        ExecuteAsync(db, $"UPDATE {MessagingModel.OutboxTable} SET lease_until = 0, lease_owner = NULL", seqs, cancellationToken);

    private static async Task ExecuteAsync(TellalDbContext db, string statement, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        foreach (var chunk in seqs.Chunk(MaxPerStatement))
        {
            await using var command = await db.CreateCommandAsync("", cancellationToken);
            command.CommandText = $"{statement} WHERE {SqlDialect.Matches(command, "seq", "s", chunk)}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
