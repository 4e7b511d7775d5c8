namespace Tellal.Reports.Catalog;

/// <summary>
/// How a column's values are typed: <see cref="Text"/> string, <see cref="Integer"/> long,
/// <see cref="Decimal"/>/<see cref="Money"/> decimal, <see cref="Percent"/> decimal fraction (0.25 = 25%),
/// <see cref="Date"/> <see cref="DateOnly"/>. Null is allowed everywhere.
/// </summary>
public enum ReportColumnType
{
    Text,
    Integer,
    Decimal,
    Money,
    Percent,
    Date,
}

public sealed record ReportColumn(string Key, string Header, ReportColumnType Type);

public enum ReportChartKind
{
    Line,
    Bar,
}

/// <summary>One plotted column; series on the right axis have their own scale (e.g. revenue beside counts).</summary>
public sealed record ReportChartSeries(string Column, bool RightAxis = false);

/// <summary>A chart over the table's own rows: <see cref="XColumn"/> against each series column.</summary>
public sealed record ReportChart(string Title, ReportChartKind Kind, string XColumn, IReadOnlyList<ReportChartSeries> Series);

/// <summary>A finished report, ready for any renderer.</summary>
public sealed record ReportTable(
    string Title,
    string Subtitle,
    IReadOnlyList<ReportColumn> Columns,
    IReadOnlyList<object?[]> Rows,
    ReportChart? Chart = null)
{
    public int ColumnIndex(string key)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (Columns[i].Key == key)
            {
                return i;
            }
        }

        throw new ArgumentException($"The report has no column '{key}'.", nameof(key));
    }
}
