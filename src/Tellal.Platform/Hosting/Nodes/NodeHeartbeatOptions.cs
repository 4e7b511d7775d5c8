using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Platform.Hosting.Nodes;

/// <summary>Bound from <c>Tellal:Nodes</c>: how often each node reports its state, and when silence means trouble.</summary>
public sealed record NodeHeartbeatOptions : IValidatableObject
{
    public const string Section = "Tellal:Nodes";

    [Description("How often every node writes its state (roles, readiness, checks) to the shared database.")]
    [Range(typeof(TimeSpan), "00:00:00.200", "00:10:00")]
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    [Description("A node not heard from for this long is shown as stale (it died or lost the database).")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(20);

    [Description("Nodes not heard from for this long are dropped from the list.")]
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StaleAfter <= Interval)
        {
            yield return new ValidationResult("StaleAfter must be longer than Interval, or every node looks stale between two heartbeats.", [nameof(StaleAfter)]);
        }
    }
}
