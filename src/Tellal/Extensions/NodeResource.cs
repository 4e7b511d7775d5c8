using OpenTelemetry.Resources;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;

namespace Tellal.Extensions;

/// <summary>The telemetry resource of this process: <c>service.instance.id</c> = the node's name, <c>tellal.roles</c> = what it runs.</summary>
internal sealed class NodeResource(NodeIdentity node, RoleSet roles) : IResourceDetector
{
    public static IResourceDetector Detector(IServiceProvider services) =>
        new NodeResource(services.GetRequiredService<NodeIdentity>(), services.GetRequiredService<RoleSet>());

    public Resource Detect() => new(new Dictionary<string, object>
    {
        ["service.instance.id"] = node.Name,
        ["tellal.roles"] = string.Join(',', roles.Roles.Select(role => role.Name)),
    });
}
