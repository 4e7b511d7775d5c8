using System.Diagnostics;
using System.Text;
using Xunit;

namespace Tellal.Testing;

/// <summary>
/// Reads PDFs with poppler's tools (Debian's poppler-utils, which eng/test.sh installs): an independent reader,
/// so a test sees what a person's PDF viewer would, not what the writer meant to write.
/// </summary>
public static class Poppler
{
    /// <summary>
    /// The text as <c>pdftotext</c> reads it, pages separated by form feeds. <paramref name="layout"/> keeps each
    /// page's lines as laid out (a table row stays on one line); without it, text comes in reading order.
    /// </summary>
    public static Task<string> TextAsync(byte[] pdf, bool layout = true) =>
        RunAsync("pdftotext", pdf, layout ? ["-layout", "-enc", "UTF-8"] : ["-enc", "UTF-8"], ["-"]);

    /// <summary>The images the PDF draws, as <c>pdfimages -list</c> tables them (a header of two lines, then one line each).</summary>
    public static async Task<string[]> ImagesAsync(byte[] pdf) =>
        [.. (await RunAsync("pdfimages", pdf, ["-list"], [])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2)];

    private static async Task<string> RunAsync(string tool, byte[] pdf, string[] options, string[] afterFile)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tellal-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool, [.. options, file, .. afterFile])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await errors}");
            return await output;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
