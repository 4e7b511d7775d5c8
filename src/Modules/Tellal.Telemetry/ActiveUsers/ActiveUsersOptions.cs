using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>Bound from <c>Tellal:Telemetry:ActiveUsers</c>.</summary>
public sealed record ActiveUsersOptions
{
    public const string Section = "Tellal:Telemetry:ActiveUsers";

    [Description("How often ingest nodes roll closed days into tel_active_users (exact counts from the permanent events).")]
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan RollupInterval { get; init; } = TimeSpan.FromMinutes(10);

    [Description("Prefix of the per-day HyperLogLog keys in Redis (several deployments may share one Redis).")]
    [Required, MinLength(1)]
    public string RedisKeyPrefix { get; init; } = "tellal:tel:au:";
}
