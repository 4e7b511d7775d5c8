using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tellal.Messaging.RabbitMq;

/// <summary>
/// Reads, from the broker's management HTTP API, the timestamp of the message at the head of each of this installation's
/// queues (<c>head_message_timestamp</c>): AMQP itself has no way to look at a queue's head without taking the message.
/// One request lists every queue of the prefix. The broker gives the timestamp property of the message its queue would
/// deliver next (the transport sets it when it sends, <see cref="AmqpEnvelope"/>), in whole seconds, as of its last
/// statistics round (<c>collect_statistics_interval</c>, 5 s by default). The credentials are the AMQP connection's.
/// </summary>
internal sealed class RabbitMqHeadTimestamps : IDisposable
{
    /// <summary>A management API that does not answer by then is taken as down until the next sample.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly HttpClient _http;
    private readonly string _query;

    public RabbitMqHeadTimestamps(Uri managementUri, Uri amqpUri, string queuePrefix)
    {
        _http = new HttpClient { BaseAddress = managementUri, Timeout = Timeout };
        var (user, password) = Credentials(amqpUri);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        // The AMQP URI's path is the virtual host ("/" when empty, as the client takes it).
        var vhost = Uri.UnescapeDataString(amqpUri.AbsolutePath.TrimStart('/')) is { Length: > 0 } named ? named : "/";
        _query = $"api/queues/{Uri.EscapeDataString(vhost)}?page=1&page_size=500&use_regex=true&columns=name,head_message_timestamp"
            + $"&name={Uri.EscapeDataString("^" + Regex.Escape(queuePrefix))}";
    }

    /// <summary>Broker queue name to the head message's timestamp, for the queues of the prefix that hold a timestamped message.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> ReadAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_query, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var page = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var heads = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var queue in page.RootElement.GetProperty("items").EnumerateArray())
        {
            if (queue.TryGetProperty("head_message_timestamp", out var head) && head.ValueKind == JsonValueKind.Number)
            {
                heads[queue.GetProperty("name").GetString()!] = DateTimeOffset.FromUnixTimeSeconds(head.GetInt64());
            }
        }

        return heads;
    }

    public void Dispose() => _http.Dispose();

    private static (string User, string Password) Credentials(Uri amqpUri)
    {
        // The client's defaults when the URI names no user.
        if (string.IsNullOrEmpty(amqpUri.UserInfo))
        {
            return ("guest", "guest");
        }

        var parts = amqpUri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
