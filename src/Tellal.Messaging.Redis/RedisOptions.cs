using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Messaging.Redis;

/// <summary>Bound from <c>Tellal:Messaging:Redis</c>; the server itself comes from <c>ConnectionStrings:redis</c>.</summary>
public sealed record RedisOptions
{
    public const string Section = "Tellal:Messaging:Redis";
    public const string ConnectionName = "redis";
    public const string TransportName = "redis";

    [Description("Prefix of the stream and channel names, so several Tellal installations (or test runs) can share a server.")]
    [Required]
    [RegularExpression("^[a-z0-9-]{1,40}$")]
    public string Prefix { get; init; } = "tellal";

    [Description("How long a message may stay with a consumer that stopped renewing it (its process died) before another consumer claims it back. "
        + "A live consumer renews its messages every third of this while it handles them.")]
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimAfter { get; init; } = TimeSpan.FromSeconds(30);

    [Description("How often an idle consumer looks for messages when no wake-up arrived (wake-ups travel over pub/sub and may be lost while reconnecting).")]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
