using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// The only statements that read-to-change and change a game's reserved copies, as plain SQL on <see cref="GameStock"/>'s
/// table (the same on SQLite and PostgreSQL): they run for every batch of orders, where LINQ translated its expression
/// tree again on each call. Every change is an <c>UPDATE ... RETURNING</c> that grows the row's version by one, so the
/// values returned are exactly those this change left, in the order the changes commit (<see cref="StockChanged"/>).
/// </summary>
internal static class StockChanges
{
    /// <summary>
    /// The stock rows of these games, locked until the transaction ends, so the batch decides on counts nobody else can
    /// change meanwhile. PostgreSQL: <c>FOR UPDATE</c>, in game order, so two batches lock shared games in the same order
    /// and cannot deadlock on them. SQLite has no row locks and one writer at a time: a write that changes nothing takes
    /// the database's write lock first (a read first would let another writer commit in between, and this transaction's
    /// own write would then fail on its stale snapshot).
    /// </summary>
    public static async Task<Dictionary<long, GameStock>> LockAsync(TellalDbContext db, IEnumerable<long> gameIds, CancellationToken cancellationToken)
    {
        var ids = gameIds.Distinct().Order().Cast<object>().ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var list = string.Join(", ", ids.Select((_, i) => $"{{{i}}}"));
        var postgres = db.Database.IsNpgsql();
        if (!postgres)
        {
            var takeWriteLock = $"UPDATE inv_stock SET reserved = reserved WHERE game_id IN ({list})";
            await db.Database.ExecuteSqlRawAsync(takeWriteLock, ids, cancellationToken);
        }

        var sql = $"SELECT game_id, title, total, reserved, version FROM inv_stock WHERE game_id IN ({list}) ORDER BY game_id{(postgres ? " FOR UPDATE" : "")}";
        return await db.Set<GameStock>().FromSqlRaw(sql, ids).AsNoTracking().ToDictionaryAsync(s => s.GameId, cancellationToken);
    }

    /// <summary>
    /// Takes the copies counted per game in one statement, on the condition that every game still has them (<c>reserved +
    /// n &lt;= total</c>, checked by the database under its row lock): consumers on any number of nodes never take more copies
    /// than exist. A game that no longer has them leaves a row unchanged; then nothing of the batch may stand, so it throws.
    /// Returns each game's new counts, one change per game for the whole batch.
    /// </summary>
    public static async Task<IReadOnlyList<StockChanged>> TryReserveAsync(TellalDbContext db, IReadOnlyDictionary<long, int> copies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (copies.Count == 0)
        {
            return [];
        }

        var games = copies.Keys.Order().ToList();
        var added = string.Join(" ", games.Select((_, i) => $"WHEN {{{2 * i}}} THEN {{{(2 * i) + 1}}}"));
        var list = string.Join(", ", games.Select((_, i) => $"{{{2 * i}}}"));
        var sql = $"""
            UPDATE inv_stock SET reserved = reserved + CASE game_id {added} END, version = version + 1
            WHERE game_id IN ({list}) AND reserved + CASE game_id {added} END <= total
            {Returning}
            """;
        var changed = await ChangesAsync(db.Database.SqlQueryRaw<ChangedRow>(sql, [.. games.SelectMany(g => new object[] { g, copies[g] })]), now, cancellationToken);
        if (changed.Count != games.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Stock of {games.Count - changed.Count} of {games.Count} game(s) changed while the batch was decided; it is handled again."));
        }

        return changed;
    }

    /// <summary>Gives copies back; the check constraint refuses it should it ever go below zero. Null when the game has no stock row.</summary>
    public static async Task<StockChanged?> ReleaseAsync(TellalDbContext db, RentalItem item, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ChangesAsync(db.Database.SqlQuery<ChangedRow>($"""
            UPDATE inv_stock SET reserved = reserved - {item.Quantity}, version = version + 1
            WHERE game_id = {item.GameId}
            RETURNING game_id AS "GameId", total AS "Total", reserved AS "Reserved", version AS "Version"
            """), now, cancellationToken)) is [var change] ? change : null;

    /// <summary>Announces a change with the transaction that makes it: subject = the game, so Kafka keeps one game's news in order.</summary>
    public static void Announce(IMessagePublisher publisher, StockChanged change) =>
        publisher.Publish(change, new PublishOptions { Subject = RentalSubject.Of(change.GameId) });

    public static PublishOptions KeyedBy(IEnumerable<RentalItem> items) => new() { Subject = RentalSubject.Of(items) };

    private const string Returning = """RETURNING game_id AS "GameId", total AS "Total", reserved AS "Reserved", version AS "Version" """;

    private static async Task<List<StockChanged>> ChangesAsync(IQueryable<ChangedRow> update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Not composed (no First/Single): the statement must run as written, not wrapped in a SELECT.
        var rows = await update.ToListAsync(cancellationToken);
        return rows.Select(row => new StockChanged(row.GameId, row.Total, row.Reserved, row.Total - row.Reserved, row.Version, now)).ToList();
    }

    private sealed record ChangedRow(long GameId, int Total, int Reserved, long Version);
}
