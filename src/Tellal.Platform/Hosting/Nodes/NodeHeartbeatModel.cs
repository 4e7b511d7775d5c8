using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Nodes;

/// <summary>The platform's own table: which nodes exist and how they are, as each of them last said.</summary>
public sealed class NodeHeartbeatModel : IModelContributor
{
    public void ConfigureModel(ModelBuilder modelBuilder) => modelBuilder.Entity<NodeHeartbeat>(node =>
    {
        node.ToTable("plt_node_heartbeats");
        node.HasKey(n => n.InstanceId);
        node.Property(n => n.InstanceId).HasMaxLength(250);
        node.Property(n => n.NodeName).HasMaxLength(200);
        node.Property(n => n.Host).HasMaxLength(200);
        node.Property(n => n.Roles).HasMaxLength(200);
        node.Property(n => n.Version).HasMaxLength(100);
        node.Property(n => n.Checks).HasMaxLength(4000);
    });
}
