using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReportHub;

/// <summary>A kind of report the provider sells: checks its parameters, then writes the CSV (or explains why it cannot).</summary>
public interface IReportKind
{
    string Name { get; }

    /// <summary>Problems with the parameters, keyed by parameter name (empty when valid).</summary>
    Dictionary<string, string[]> Validate(JsonElement parameters);

    /// <summary>The CSV text, or an exception with a message the subscriber may show its users.</summary>
    string Produce(JsonElement parameters);
}

public sealed class ReportKinds(IEnumerable<IReportKind> kinds)
{
    private readonly Dictionary<string, IReportKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IReportKind? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<string> Names => _byName.Keys;
}

/// <summary>The job could not be produced; the message goes to the subscriber as the job's error.</summary>
public sealed class ReportProductionException(string message) : Exception(message);

internal static class Csv
{
    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<object>> rows)
    {
        var text = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Cell)).Append('\n');
        }

        return text.ToString();
    }

    private static string Cell(object value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
