using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Chat;

/// <summary>Bound from <c>Tellal:Chat</c>.</summary>
public sealed record ChatOptions : IValidatableObject
{
    public const string Section = "Tellal:Chat";

    [Description("Longest message, in characters: a chat line, not a document.")]
    [Range(1, 10000)]
    public int MaxMessageLength { get; init; } = 2000;

    [Description("Messages one user may post per minute on one web node, after the burst; beyond it 429 with Retry-After.")]
    [Range(1, 100000)]
    public int MessagesPerMinute { get; init; } = 60;

    [Description("Messages one user may post at once before the per-minute rate applies.")]
    [Range(1, 10000)]
    public int MessageBurst { get; init; } = 20;

    [Description("Messages per page of GET /api/chat/rooms/{id}/messages when the request gives no limit.")]
    [Range(1, 500)]
    public int PageSize { get; init; } = 50;

    [Description("Largest limit GET /api/chat/rooms/{id}/messages accepts.")]
    [Range(1, 1000)]
    public int MaxPageSize { get; init; } = 200;

    [Description("How long a connection counts as online without being refreshed (with Redis: the presence keys' TTL), "
        + "so a web node that dies leaves no one online for longer than this.")]
    public TimeSpan PresenceTtl { get; init; } = TimeSpan.FromSeconds(30);

    [Description("How often a web node refreshes the presence of the connections it holds, and looks for users whose presence "
        + "ran out without a goodbye (a dead node's) to announce them offline; well under PresenceTtl.")]
    public TimeSpan PresenceRefresh { get; init; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PageSize > MaxPageSize)
        {
            yield return new ValidationResult($"PageSize ({PageSize}) must not exceed MaxPageSize ({MaxPageSize}).", [nameof(PageSize)]);
        }

        if (PresenceRefresh <= TimeSpan.Zero || PresenceRefresh * 2 > PresenceTtl)
        {
            yield return new ValidationResult($"PresenceRefresh ({PresenceRefresh}) must be positive and at most half of PresenceTtl ({PresenceTtl}).", [nameof(PresenceRefresh)]);
        }
    }
}
