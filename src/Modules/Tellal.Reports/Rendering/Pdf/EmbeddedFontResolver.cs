using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Tellal.Reports.Rendering.Pdf;

/// <summary>
/// Gives PDFsharp the fonts embedded in this assembly (DejaVu Sans Condensed, which covers Turkish and most
/// European scripts). PDFsharp on Linux finds no system fonts by itself, and a report must look the same on
/// every node whatever fonts it has, so every family name resolves to the embedded faces.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    private const string RegularFace = "DejaVuSansCondensed", BoldFace = "DejaVuSansCondensed-Bold";

    private static readonly Lock InstallLock = new();

    private readonly ConcurrentDictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    private EmbeddedFontResolver()
    {
    }

    /// <summary>The family name renderers ask for; any other name gets the same faces.</summary>
    public const string Family = "Tellal Sans";

    /// <summary>
    /// Makes this the process's font resolver. PDFsharp's setting is global and may be set only before the first
    /// font is used, so it is done once, before any PDF is rendered.
    /// </summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var name = $"Tellal.Reports.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource '{name}' is missing from the assembly.");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
