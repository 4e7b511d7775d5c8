using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Platform.Security;

namespace Tellal.Reports.Requests.Quotas;

/// <summary>
/// Each user's fair share of the report workers, bound from <c>Tellal:Reports:Quotas</c> (docs/architecture.md,
/// Security, "Report quotas"). The defaults leave room for a person's real work and stop a script's flood.
/// </summary>
public sealed record ReportQuotaOptions : IValidatableObject
{
    public const string Section = "Tellal:Reports:Quotas";

    [Description("Submissions a user may make in a burst before the rate limit applies (a token bucket per user and per web node).")]
    [Range(1, 100_000)]
    public int SubmissionBurst { get; init; } = 10;

    [Description("Sustained submissions per minute and user (per web node) once the burst is spent; beyond it 429 with Retry-After.")]
    [Range(1, 100_000)]
    public int SubmissionsPerMinute { get; init; } = 30;

    [Description("Reports a user may have unfinished (waiting for approval, queued or running, on every node together); beyond it 429.")]
    [Range(1, 100_000)]
    public int MaxUnfinishedPerUser { get; init; } = 20;

    [Description("A user's reports beyond this many queued or running are sent one priority level lower (high to normal, normal to low), so one user's flood does not hold back everyone else's reports of the same priority.")]
    [Range(0, 100_000)]
    public int FairShareQueued { get; init; } = 3;

    // A comma-separated string, not an array: the configuration binder appends to an array's defaults, so a
    // deployment could never narrow the list.
    [Description("Roles (comma-separated) that may ask for priority high without the per-user cap below; empty: nobody.")]
    public string HighPriorityRoles { get; init; } = $"{TellalPolicies.Approver},{TellalPolicies.Admin}";

    [Description("Unfinished high-priority reports a user without one of those roles may have at a time; 0 reserves high to those roles. Beyond it 400 on priority.")]
    [Range(0, 100_000)]
    public int HighPriorityPerUser { get; init; } = 1;

    public string[] HighPriorityRoleNames() =>
        HighPriorityRoles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        HighPriorityRoleNames().Where(role => !TellalPolicies.UserRoles.Contains(role))
            .Select(role => new ValidationResult($"Unknown role {role}; known: {string.Join(", ", TellalPolicies.UserRoles)}.", [nameof(HighPriorityRoles)]));
}
