using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Platform.Storage;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Storage options, bound from <c>Tellal:Storage</c>. The provider follows the standard connection strings:
/// PostgreSQL when <c>ConnectionStrings:postgres</c> is set (distributed mode), otherwise SQLite in the data directory.
/// </summary>
public sealed record StorageOptions
{
    public const string Section = "Tellal:Storage";

    [Description("Apply pending database migrations when a node starts or a CLI command uses the database (otherwise run `tellal migrate`).")]
    public bool MigrateOnStart { get; init; } = true;

    [Description("PostgreSQL: how long opening a connection may take before the request answers 503 (unless the connection string sets Timeout).")]
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    [Description("File name of the embedded SQLite database inside the data directory.")]
    public string SqliteFileName { get; init; } = "tellal.db";
}
