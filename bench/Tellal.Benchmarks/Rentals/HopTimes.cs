using System.Globalization;

namespace Tellal.Benchmarks.Rentals;

/// <summary>
/// Where the time of a rental goes, hop by hop, from the nodes' own <c>/metrics</c> read before and after the burst (so
/// the warm-up is left out): the web node's <c>POST /api/rentals</c> time, and per consuming queue the batches, their
/// size, the time of one batch's transaction and the time from publish (the web node's commit) to handled.
/// </summary>
internal sealed class HopTimes
{
    private readonly Dictionary<string, (double Sum, double Count)> _histograms;

    private HopTimes(Dictionary<string, (double Sum, double Count)> histograms) => _histograms = histograms;

    public static async Task<HopTimes> ReadAsync(params Uri[] nodes)
    {
        var histograms = new Dictionary<string, (double Sum, double Count)>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            using var http = new HttpClient { BaseAddress = node };
            foreach (var line in (await http.GetStringAsync("/metrics")).Split('\n'))
            {
                // name_sum{labels} value [timestamp] or name_count{labels} value
                var brace = line.IndexOf('{', StringComparison.Ordinal);
                if (brace < 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var name = line[..brace];
                var isSum = name.EndsWith("_sum", StringComparison.Ordinal);
                if (!isSum && !name.EndsWith("_count", StringComparison.Ordinal))
                {
                    continue;
                }

                var end = line.LastIndexOf('}');
                var key = $"{node.Port} {name[..name.LastIndexOf('_')]}{line[brace..(end + 1)]}";
                var value = double.Parse(line[(end + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                var (sum, count) = histograms.GetValueOrDefault(key);
                histograms[key] = isSum ? (sum + value, count) : (sum, count + value);
            }
        }

        return new HopTimes(histograms);
    }

    /// <summary>The table of what happened between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static IEnumerable<string> Describe(HopTimes before, HopTimes after)
    {
        yield return "| hop | count | mean ms | per batch |";
        yield return "|---|---:|---:|---:|";
        var post = Delta(before, after, "http_server_request_duration", "http_request_method=\"POST\"", "/api/rentals");
        yield return $"| web: POST /api/rentals (validate, insert order + outbox, commit) | {post.Count:N0} | {Stats.Format(post.Mean * 1000, 1)} | |";
        foreach (var queue in new[] { "inventory.rentals", "rentals.outcomes" })
        {
            var batches = Delta(before, after, "tellal_messages_handle_duration", $"queue=\"{queue}\"");
            var latency = Delta(before, after, "tellal_messages_latency", $"queue=\"{queue}\"");
            yield return $"| {queue}: one batch's transaction | {batches.Count:N0} | {Stats.Format(batches.Mean, 1)} | {Stats.Format(latency.Count / batches.Count, 1)} messages |";
            yield return $"| {queue}: publish -> handled | {latency.Count:N0} | {Stats.Format(latency.Mean, 1)} | |";
        }
    }

    private static (double Count, double Mean) Delta(HopTimes before, HopTimes after, string name, params string[] labels)
    {
        bool Matches(string key) => key.Contains($" {name}_", StringComparison.Ordinal) && labels.All(l => key.Contains(l, StringComparison.Ordinal));
        var (sum, count) = after._histograms.Where(h => Matches(h.Key)).Aggregate((Sum: 0.0, Count: 0.0), (a, h) =>
        {
            var (s, c) = before._histograms.GetValueOrDefault(h.Key);
            return (a.Sum + h.Value.Sum - s, a.Count + h.Value.Count - c);
        });
        return (count, count == 0 ? double.NaN : sum / count);
    }
}
