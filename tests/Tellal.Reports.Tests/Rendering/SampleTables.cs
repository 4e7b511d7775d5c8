using Tellal.Reports.Catalog;

namespace Tellal.Reports.Tests.Rendering;

/// <summary>Small tables with every column type and the values that trip renderers up.</summary>
internal static class SampleTables
{
    public static readonly ReportColumn[] Columns =
    [
        new("day", "Day", ReportColumnType.Date),
        new("name", "Name, \"quoted\"", ReportColumnType.Text),
        new("rentals", "Rentals", ReportColumnType.Integer),
        new("revenue", "Revenue", ReportColumnType.Money),
        new("share", "Share", ReportColumnType.Percent),
        new("average", "Average", ReportColumnType.Decimal),
    ];

    public static ReportTable Trend() => new(
        "Daily rentals",
        "from=2025-05-01, to=2025-05-03",
        Columns,
        [
            [new DateOnly(2025, 5, 1), "Öztürk, Ayşe", 12L, 1234.5m, 0.1234m, 401.25m],
            [new DateOnly(2025, 5, 2), "say \"hi\"\r\nnext line", 0L, 0m, 0m, null],
            [new DateOnly(2025, 5, 3), null, 7L, 99.99m, 1m, 0.5m],
        ],
        new ReportChart("Rentals per day", ReportChartKind.Line, "day", [new("rentals"), new("revenue", RightAxis: true)]));

    public static ReportTable Brands() => new(
        "Brands",
        "",
        [new("brand", "Brand", ReportColumnType.Text), new("fans", "Fans", ReportColumnType.Integer)],
        [["Doritos", 12L], ["Red Bull", 9L], ["Uludağ", 3L]],
        new ReportChart("Favourite brands", ReportChartKind.Bar, "brand", [new("fans")]));
}
