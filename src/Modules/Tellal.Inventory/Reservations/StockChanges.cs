using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// The statements that read and change stock, as plain SQL on <see cref="GameStock"/>'s explicit table and columns (the
/// same on SQLite and PostgreSQL): they run for every batch of orders, where LINQ translated its expression tree again
/// on each call.
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

        var sql = $"SELECT game_id, title, total, reserved FROM inv_stock WHERE game_id IN ({list}) ORDER BY game_id{(postgres ? " FOR UPDATE" : "")}";
        return await db.Set<GameStock>().FromSqlRaw(sql, ids).AsNoTracking().ToDictionaryAsync(s => s.GameId, cancellationToken);
    }

    /// <summary>
    /// Takes the copies counted per game in one statement, on the condition that every game still has them (<c>reserved +
    /// n &lt;= total</c>, checked by the database under its row lock): consumers on any number of nodes never take more copies
    /// than exist. A game that no longer has them leaves a row unchanged; then nothing of the batch may stand, so it throws.
    /// </summary>
    public static async Task TryReserveAsync(TellalDbContext db, IReadOnlyDictionary<long, int> copies, CancellationToken cancellationToken)
    {
        if (copies.Count == 0)
        {
            return;
        }

        var games = copies.Keys.Order().ToList();
        var added = string.Join(" ", games.Select((_, i) => $"WHEN {{{2 * i}}} THEN {{{(2 * i) + 1}}}"));
        var list = string.Join(", ", games.Select((_, i) => $"{{{2 * i}}}"));
        var sql = $"UPDATE inv_stock SET reserved = reserved + CASE game_id {added} END WHERE game_id IN ({list}) AND reserved + CASE game_id {added} END <= total";
        var updated = await db.Database.ExecuteSqlRawAsync(sql, games.SelectMany(g => new object[] { g, copies[g] }), cancellationToken);
        if (updated != games.Count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Stock of {games.Count - updated} of {games.Count} game(s) changed while the batch was decided; it is handled again."));
        }
    }

    /// <summary>Gives copies back in one statement; the check constraint refuses it should it ever go below zero.</summary>
    public static Task<int> ReleaseAsync(TellalDbContext db, RentalItem item, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE inv_stock SET reserved = reserved - {item.Quantity} WHERE game_id = {item.GameId}", cancellationToken);

    public static PublishOptions KeyedBy(IEnumerable<RentalItem> items) => new() { Subject = RentalSubject.Of(items) };
}
