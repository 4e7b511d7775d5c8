namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>Streams rows into one warehouse table as fast as the database allows; returns the row count.</summary>
internal interface IWarehouseBulkWriter : IAsyncDisposable
{
    Task<long> WriteAsync<T>(IEnumerable<T> rows, Action<long> progress, CancellationToken cancellationToken)
        where T : class;

    /// <summary>Makes everything written durable and refreshes the planner statistics.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
