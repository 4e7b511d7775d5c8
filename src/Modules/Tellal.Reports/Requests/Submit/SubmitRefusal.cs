namespace Tellal.Reports.Requests.Submit;

/// <summary>Why a valid submission was not accepted; the endpoint turns each into its problem details.</summary>
public enum SubmitRefusal
{
    None,

    /// <summary>The Idempotency-Key was already used for a different request (422, as ReportHub answers).</summary>
    IdempotencyKeyReused,

    /// <summary>The user already has the most unfinished reports allowed (429).</summary>
    TooManyUnfinished,

    /// <summary>Priority high is beyond the user's share for their roles (400 on priority).</summary>
    HighPriorityNotAllowed,
}
