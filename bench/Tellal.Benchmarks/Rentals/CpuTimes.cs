using System.Globalization;

namespace Tellal.Benchmarks.Rentals;

/// <summary>
/// CPU seconds each process of the flow spent (user + system, from <c>/proc</c>): on a machine shared with other work,
/// the CPU an order costs is a steadier figure than the wall time it takes, and it says which process to look at.
/// PostgreSQL counts its postmaster and every backend (live ones read directly, exited ones through the postmaster's
/// children's times). Linux only; elsewhere every figure is NaN.
/// </summary>
internal sealed class CpuTimes
{
    /// <summary>USER_HZ, the unit of the times in <c>/proc/[pid]/stat</c>: 100 on every Linux build .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    private readonly Dictionary<string, double> _seconds;

    private CpuTimes(Dictionary<string, double> seconds) => _seconds = seconds;

    /// <summary>Reads the processes named, and PostgreSQL's when <paramref name="postmaster"/> is given; a pid of null or one that is gone reads as NaN.</summary>
    public static CpuTimes Read(IReadOnlyDictionary<string, int?> processes, int? postmaster)
    {
        var seconds = processes.ToDictionary(p => p.Key, p => p.Value is { } pid ? Own(pid) : double.NaN);
        if (postmaster is { } root)
        {
            seconds["postgres"] = WithChildren(root);
        }

        return new CpuTimes(seconds);
    }

    /// <summary>The PostgreSQL server of the test services (<c>$TELLAL_SERVICES_DIR/postgres/data/postmaster.pid</c>), if it is here.</summary>
    public static int? Postmaster()
    {
        var directory = Environment.GetEnvironmentVariable("TELLAL_SERVICES_DIR") ?? "/tmp/tellal-services";
        var file = Path.Combine(directory, "postgres", "data", "postmaster.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).First(), out var pid) ? pid : null;
    }

    /// <summary>The mock Kafka cluster of the test services, if it is here.</summary>
    public static int? KafkaMock()
    {
        var directory = Environment.GetEnvironmentVariable("TELLAL_SERVICES_DIR") ?? "/tmp/tellal-services";
        var file = Path.Combine(directory, "kafka", "kafka.pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    /// <summary>CPU milliseconds per item (order, message) of each process between two readings, and their total.</summary>
    public static string Describe(CpuTimes before, CpuTimes after, int items)
    {
        var parts = after._seconds.Select(p => (p.Key, Ms: (p.Value - before._seconds.GetValueOrDefault(p.Key, double.NaN)) * 1000 / items)).ToList();
        return string.Join(", ", parts.Select(p => $"{p.Key} {Stats.Format(p.Ms, 2)}"))
            + $"; total {Stats.Format(parts.Where(p => !double.IsNaN(p.Ms)).Sum(p => p.Ms), 2)} CPU ms";
    }

    private static double Own(int pid) => Stat(pid) is { } fields ? (fields[11] + fields[12]) / TicksPerSecond : double.NaN;

    private static double WithChildren(int root)
    {
        if (Stat(root) is not { } fields)
        {
            return double.NaN;
        }

        var total = fields[11] + fields[12] + fields[13] + fields[14];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != root && Stat(pid) is { } child && (int)child[1] == root)
            {
                total += child[11] + child[12];
            }
        }

        return total / TicksPerSecond;
    }

    /// <summary>
    /// The numeric fields of <c>/proc/[pid]/stat</c> after the command's name, from field 3 (state, read as 0): index 1
    /// is the parent's pid, 11..14 utime, stime, cutime, cstime.
    /// </summary>
    private static double[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return [.. text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => double.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0)];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
