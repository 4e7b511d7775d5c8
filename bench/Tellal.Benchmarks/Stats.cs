using System.Globalization;
using System.Runtime.InteropServices;

namespace Tellal.Benchmarks;

public static class Stats
{
    /// <summary>Nearest-rank percentile (0..100) of unsorted values; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>The middle value, or the mean of the two middle values (so two runs give their mean).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string Format(double value, int decimals = 0) =>
        double.IsNaN(value) ? "-" : value.ToString($"N{decimals}", CultureInfo.InvariantCulture);
}

/// <summary>What the figures depend on besides the code: printed with every result.</summary>
public static class Machine
{
    /// <summary>The 1-minute load average: other builds and tests share this box, so every figure carries it.</summary>
    public static double Load1 =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
            : double.NaN;

    public static string Describe() =>
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} cores ({CpuModel()}); " +
        $"{RuntimeInformation.OSDescription}; .NET {Environment.Version}; load {LoadAverages()}";

    private static string LoadAverages() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
}
