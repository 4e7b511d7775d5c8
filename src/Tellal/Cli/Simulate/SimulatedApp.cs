using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tellal.Cli.Simulate;

/// <summary>
/// The events a game app would report: a session start, heartbeats, now and then a purchase with the store's receipt,
/// a session end. One app request is one device's batch, serialized once so every resend is byte for byte the same
/// (the same eventIds), as an app's retry queue resends what it stored.
/// </summary>
/// <remarks>
/// The receipt (<c>data.receipt</c>) is this simulator's stand-in for what a store hands the app after a purchase:
/// <c>{store, productId, transactionId, priceMicros, currency, payload, signature}</c>, where a valid receipt's
/// <c>signature</c> is the lower-case hex SHA-256 of <c>payload</c> (the stand-in for the store's signature) and an
/// invalid one's is not (a forged receipt). docs/telemetry-wip.md describes it for the verifier.
/// </remarks>
internal sealed class SimulatedApp(string run, TelemetrySimulationSettings settings)
{
    private static readonly string[] Products = ["gems.100", "gems.500", "season-pass", "no-ads"];
    private static readonly long[] Prices = [990_000, 4_490_000, 9_990_000, 2_990_000];
    private static readonly string[] Routine = ["session_start", "heartbeat", "heartbeat", "heartbeat", "session_end"];
    private long _events;
    private long _purchases;

    /// <summary>Purchases made so far, and how many of them carried an invalid receipt.</summary>
    public long Purchases => _purchases;

    public long BadReceipts { get; private set; }

    public static string Player(string run, int device) => $"sim-{run}-player-{device}";

    /// <summary>A request body: <paramref name="count"/> events of one device, as a JSON array.</summary>
    public (byte[] Body, Guid[] EventIds) Batch(int device, int count, DateTimeOffset now)
    {
        var ids = new Guid[count];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var i = 0; i < count; i++)
            {
                ids[i] = Guid.NewGuid();
                Write(json, ids[i], device, _events++, now);
            }

            json.WriteEndArray();
        }

        return (buffer.ToArray(), ids);
    }

    private void Write(Utf8JsonWriter json, Guid id, int device, long n, DateTimeOffset now)
    {
        // Whole shares of the event stream, not random draws: the same settings give the same counts.
        var purchase = Crosses(n, settings.Purchases);
        json.WriteStartObject();
        json.WriteString("eventId", id);
        json.WriteString("deviceId", $"sim-{run}-device-{device}");
        json.WriteString("playerId", Player(run, device));
        json.WriteNumber("gameId", 1 + (device % 10));
        json.WriteString("type", purchase ? "purchase" : Routine[n % Routine.Length]);
        json.WriteString("occurredAt", now);
        json.WriteStartObject("data");
        if (purchase)
        {
            var bad = Crosses(_purchases++, settings.BadReceipts);
            BadReceipts += bad ? 1 : 0;
            WriteReceipt(json, (int)(n % Products.Length), bad);
        }
        else
        {
            json.WriteNumber("level", 1 + (n % 50));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteReceipt(Utf8JsonWriter json, int product, bool forged)
    {
        var transaction = $"sim-{Guid.NewGuid():N}";
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{transaction}|{Products[product]}|{Prices[product]}"));
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(forged ? payload + "forged" : payload)));
        json.WriteStartObject("receipt");
        json.WriteString("store", product % 2 == 0 ? "google-play" : "app-store");
        json.WriteString("productId", Products[product]);
        json.WriteString("transactionId", transaction);
        json.WriteNumber("priceMicros", Prices[product]);
        json.WriteString("currency", "EUR");
        json.WriteString("payload", payload);
        json.WriteString("signature", signature);
        json.WriteEndObject();
    }

    /// <summary>True for the items at which a running share of <paramref name="share"/> reaches a new whole number.</summary>
    public static bool Crosses(long index, double share) => Math.Floor((index + 1) * share) > Math.Floor(index * share);
}
