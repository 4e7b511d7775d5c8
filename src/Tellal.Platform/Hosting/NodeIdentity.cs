namespace Tellal.Platform.Hosting;

/// <summary>Who this process is: its node name and a per-process instance id (a restarted node is a new instance).</summary>
public sealed record NodeIdentity(string Name)
{
    public string InstanceId { get; } = $"{Name}/{Guid.NewGuid():N}";

    /// <summary>The CloudEvents <c>source</c> of messages this node publishes.</summary>
    public string Source => $"/tellal/{Name}";
}
