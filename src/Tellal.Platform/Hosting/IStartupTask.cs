namespace Tellal.Platform.Hosting;

/// <summary>
/// Work a node must finish before it opens (e.g. seeding the embedded database on first run). Until then the node
/// answers 423 "starting up" with <see cref="Description"/>, and its consumers have not started. Tasks run once the
/// schema is current, one after another in registration order (see <see cref="StartupServiceCollectionExtensions"/>).
/// </summary>
public interface IStartupTask
{
    string Description { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
