using Tellal.Contracts.Inventory;

namespace Tellal.Inventory.Live;

/// <summary>
/// The stock changes a web node has received and not pushed yet, one per game: the newest by version, whatever order
/// they arrived in (two consumers, two web nodes, a redelivery). A burst of a thousand reservations of one game is one
/// entry, so the browsers get its latest value once per window, not a thousand events.
/// </summary>
internal sealed class StockNews : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _due = new(0);
    private Dictionary<long, StockChanged> _pending = [];

    public void Offer(StockChanged change)
    {
        lock (_lock)
        {
            if (_pending.TryGetValue(change.GameId, out var known) && known.Version >= change.Version)
            {
                return;
            }

            var first = _pending.Count == 0;
            _pending[change.GameId] = change;
            if (!first)
            {
                return;
            }
        }

        // Once per window: the window opens with its first change and Take ends it.
        _due.Release();
    }

    /// <summary>Waits until a change is pending.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _due.WaitAsync(cancellationToken);

    /// <summary>What is pending, in game order; the next change opens a new window.</summary>
    public IReadOnlyList<StockChanged> Take()
    {
        Dictionary<long, StockChanged> taken;
        lock (_lock)
        {
            (taken, _pending) = (_pending, []);
        }

        return [.. taken.Values.OrderBy(c => c.GameId)];
    }

    public void Dispose() => _due.Dispose();
}
