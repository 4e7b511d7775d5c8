using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Platform.Options;

/// <summary>Options every node needs, bound from <c>Tellal</c>.</summary>
public sealed record TellalOptions
{
    public const string Section = "Tellal";

    [Description("Folder for everything the embedded default writes: database, report files, mail. Relative paths start at the working directory.")]
    [Required]
    public string DataDirectory { get; init; } = "data";

    [Description("Name of this node in health reports, logs and message sources; defaults to host name and process id.")]
    public string? NodeName { get; init; }

    [Description("Public base URL of the web UI, used for links in emails.")]
    [Url]
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:5080";

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);

    public string ResolveNodeName() => NodeName ?? $"{Environment.MachineName.ToLowerInvariant()}-{Environment.ProcessId}";
}
