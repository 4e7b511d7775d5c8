using System.Globalization;
using System.Text.RegularExpressions;

namespace Tellal.Testing;

/// <summary>
/// Counters the nodes expose at <c>/metrics</c> (Prometheus text), read by tests that must see proof that the system
/// had its chance (a retry ran, a message was handled) before asserting that something did not happen.
/// </summary>
public static partial class NodeMetrics
{
    public const string Sent = "tellal_messages_sent_total";
    public const string Retried = "tellal_messages_retried_total";

    /// <summary>Message types the "nothing more is coming" checks wait for.</summary>
    public const string GenerateReport = "tellal.reports.generate-report.v1";
    public const string NotificationRequested = "tellal.notifications.notification-requested.v1";
    public const string NotificationCreated = "tellal.notifications.notification-created.v1";
    public const string SendEmail = "tellal.notifications.send-email.v1";

    /// <summary>How a delivery ends: each one is exactly one of these.</summary>
    private static readonly string[] Settlements =
        ["tellal_messages_handled_total", Retried, "tellal_messages_dead_lettered_total", "tellal_messages_duplicates_total"];

    /// <summary>The sum of every series of <paramref name="name"/> on the reachable nodes that carries all <paramref name="labels"/>.</summary>
    public static Task<double> SumAsync(IEnumerable<Uri> nodes, string name, params (string Name, string Value)[] labels) =>
        WithClientsAsync(nodes, async clients => Sum(await ScrapeAsync(clients), name, labels));

    /// <summary>Waits until <paramref name="name"/>, summed as <see cref="SumAsync"/> does, reaches <paramref name="atLeast"/>.</summary>
    public static Task ReachesAsync(IEnumerable<Uri> nodes, string name, double atLeast, string what, params (string Name, string Value)[] labels) =>
        Eventually.HoldsAsync(async () => await SumAsync(nodes, name, labels) >= atLeast, what, TimeSpan.FromSeconds(60));

    /// <summary>
    /// Waits until every message of <paramref name="types"/> that <paramref name="nodes"/> sent from their outboxes so far
    /// has been delivered and settled there (handled, retried as a new copy, dead-lettered, or recognised as a duplicate):
    /// nothing of those types is still on its way. Delayed messages count once they are due. A killed node's counters are
    /// gone with it: what it sent is not waited for, and a message it had handled comes back as a duplicate elsewhere.
    /// </summary>
    public static Task SettledAsync(IReadOnlyList<HttpClient> nodes, string what, params string[] types) =>
        Eventually.HoldsAsync(async () =>
        {
            var scraped = await ScrapeAsync(nodes);
            return types.All(type => Settlements.Sum(settlement => Sum(scraped, settlement, ("type", type))) >= Sum(scraped, Sent, ("type", type)));
        }, what, TimeSpan.FromSeconds(60));

    /// <inheritdoc cref="SettledAsync(IReadOnlyList{HttpClient}, string, string[])"/>
    public static Task SettledAsync(IEnumerable<Uri> nodes, string what, params string[] types) =>
        WithClientsAsync(nodes, async clients =>
        {
            await SettledAsync(clients, what, types);
            return true;
        });

    private static async Task<T> WithClientsAsync<T>(IEnumerable<Uri> nodes, Func<IReadOnlyList<HttpClient>, Task<T>> use)
    {
        var clients = nodes.Select(node => new HttpClient { BaseAddress = node, Timeout = TimeSpan.FromSeconds(10) }).ToList();
        try
        {
            return await use(clients);
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    /// <summary>The /metrics text of each node that answers (a node killed by a drill does not).</summary>
    private static async Task<List<string>> ScrapeAsync(IEnumerable<HttpClient> nodes)
    {
        var texts = new List<string>();
        foreach (var node in nodes)
        {
            try
            {
                texts.Add(await node.GetStringAsync("/metrics"));
            }
            catch (HttpRequestException)
            {
                // Down: its counters went with it.
            }
        }

        return texts;
    }

    private static double Sum(List<string> scraped, string name, params (string Name, string Value)[] labels)
    {
        var sum = 0d;
        foreach (var text in scraped)
        {
            foreach (Match series in SeriesPattern().Matches(text))
            {
                if (series.Groups["name"].Value == name
                    && labels.All(l => series.Groups["labels"].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
                {
                    sum += double.Parse(series.Groups["value"].Value, CultureInfo.InvariantCulture);
                }
            }
        }

        return sum;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SeriesPattern();
}
