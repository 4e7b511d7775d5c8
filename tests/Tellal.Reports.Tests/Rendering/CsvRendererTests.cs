using System.Text;
using CsvHelper;
using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;

namespace Tellal.Reports.Tests.Rendering;

public sealed class CsvRendererTests
{
    private static async Task<byte[]> RenderAsync(ReportTable table)
    {
        using var output = new MemoryStream();
        var rendered = await new ReportRenderers().For(ReportFormat.Csv).RenderAsync(table, output, TestContext.Current.CancellationToken);
        Assert.Equal(new RenderedReport("text/csv; charset=utf-8", "csv"), rendered);
        return output.ToArray();
    }

    [Fact]
    public async Task Round_trips_through_an_rfc_4180_parser()
    {
        var bytes = await RenderAsync(SampleTables.Trend());

        // CsvHelper 34's RFC 4180 reader, an independent parser.
        using var csv = CsvReader.Create(new MemoryStream(bytes), new CsvReaderOptions { HasHeader = false }, false);
        var records = new List<string[]>();
        while (csv.Read())
        {
            records.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        Assert.Equal(
        [
            ["Day", "Name, \"quoted\"", "Rentals", "Revenue", "Share", "Average"],
            ["2025-05-01", "Öztürk, Ayşe", "12", "1234.5", "0.1234", "401.25"],
            ["2025-05-02", "say \"hi\"\r\nnext line", "0", "0", "0", ""],
            ["2025-05-03", "", "7", "99.99", "1", "0.5"],
        ], records);
    }

    [Fact]
    public async Task Is_utf8_with_a_byte_order_mark_and_crlf_line_ends()
    {
        var bytes = await RenderAsync(SampleTables.Brands());

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        Assert.Equal("Brand,Fans\r\nDoritos,12\r\nRed Bull,9\r\nUludağ,3\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }
}
