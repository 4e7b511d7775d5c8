using System.Globalization;
using System.Text;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Rendering;

/// <summary>
/// RFC 4180 CSV in UTF-8 (with a byte order mark, so spreadsheet programs detect the encoding): CRLF line ends,
/// a header row, fields quoted when they hold a comma, quote or line break. Numbers use invariant culture
/// (a dot as decimal separator), dates are yyyy-MM-dd, percentages stay fractions.
/// </summary>
internal sealed class CsvReportRenderer : IReportRenderer
{
    public ReportFormat Format => ReportFormat.Csv;

    public async Task<RenderedReport> RenderAsync(ReportTable table, Stream output, CancellationToken cancellationToken)
    {
        // A small buffer: the stream below buffers on its own, and 64 K characters made the writer allocate 128 KB of
        // characters and 192 KB of bytes per report on the large object heap, which is what sent a busy worker into
        // gen 2 collections (docs/benchmarks.md, session 11).
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 4096, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        await writer.WriteLineAsync(Line(table.Columns.Select(c => c.Header)));
        foreach (var row in table.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(Line(row.Select(Text)));
        }

        return new RenderedReport("text/csv; charset=utf-8", "csv");
    }

    private static string Line(IEnumerable<string> fields) => string.Join(",", fields.Select(Quote));

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static string Text(object? value) => value switch
    {
        null => "",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
