using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Platform.Storage.Retention;

/// <summary>Bound from <c>Tellal:Retention</c>: how scheduler nodes delete rows that are kept only for a while.</summary>
public sealed record RetentionOptions
{
    public const string Section = "Tellal:Retention";

    [Description("How often a scheduler node deletes rows past their retention (inbox entries, webhook receipts).")]
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromHours(1);

    [Description("Rows deleted per statement: short transactions keep SQLite's single writer and PostgreSQL's locks free for real work.")]
    [Range(1, 100_000)]
    public int BatchSize { get; init; } = 1000;
}
