namespace Tellal.Reports.Files;

/// <summary>Which <see cref="IReportFileStore"/> a node uses.</summary>
public enum ReportFileStorage
{
    /// <summary>The database when it is PostgreSQL (shared by every node), the data directory otherwise.</summary>
    Auto,

    /// <summary>The data directory: one machine, or a volume every node mounts.</summary>
    FileSystem,

    /// <summary>Chunks in the system database: every node that reaches the database reaches the files.</summary>
    Database,
}
