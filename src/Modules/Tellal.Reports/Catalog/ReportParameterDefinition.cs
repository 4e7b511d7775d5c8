namespace Tellal.Reports.Catalog;

public enum ReportParameterType
{
    Int,
    Decimal,
    Date,
    String,
    Enum,
}

/// <summary>
/// One parameter of a report type. <see cref="Default"/> is computed from "today" (so "last month" means the
/// month before the request); a parameter without a default is required. <see cref="Min"/> and
/// <see cref="Max"/> bound numbers, or the length of strings. Dates are ISO "yyyy-MM-dd" and never after today.
/// </summary>
public sealed record ReportParameterDefinition(
    string Name,
    string Description,
    ReportParameterType Type,
    Func<DateOnly, object?>? Default = null,
    decimal? Min = null,
    decimal? Max = null,
    IReadOnlyList<string>? AllowedValues = null,
    bool Optional = false)
{
    /// <summary>Must the caller give a value? (No default and not optional.)</summary>
    public bool Required => Default is null && !Optional;

    public static ReportParameterDefinition Int(string name, string description, int @default, int min, int max) =>
        new(name, description, ReportParameterType.Int, _ => @default, min, max);

    /// <summary>An int whose default depends on today (e.g. last year).</summary>
    public static ReportParameterDefinition Int(string name, string description, Func<DateOnly, int> @default, int min, int max) =>
        new(name, description, ReportParameterType.Int, today => @default(today), min, max);

    public static ReportParameterDefinition Decimal(string name, string description, decimal @default, decimal min, decimal max) =>
        new(name, description, ReportParameterType.Decimal, _ => @default, min, max);

    public static ReportParameterDefinition Date(string name, string description, Func<DateOnly, DateOnly> @default) =>
        new(name, description, ReportParameterType.Date, today => @default(today));

    public static ReportParameterDefinition Enum(string name, string description, string @default, IReadOnlyList<string> allowed) =>
        new(name, description, ReportParameterType.Enum, _ => @default, AllowedValues: allowed);

    /// <summary>An optional free-text filter of bounded length; absent means "no filter".</summary>
    public static ReportParameterDefinition OptionalString(string name, string description, int minLength, int maxLength) =>
        new(name, description, ReportParameterType.String, null, minLength, maxLength, Optional: true);
}

/// <summary>Two parameters that form a range: <see cref="From"/> must not be after <see cref="To"/>.</summary>
public sealed record ReportParameterRange(string From, string To);
