using System.Text.Json;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// The <c>data</c> of a <c>purchase</c> event: <c>{"receipt": ...}</c>, the store's receipt as the app got it (an
/// object or a string; other fields are kept in the event, not read here). Tellal does not read the receipt: it passes
/// it to the store, whose verdict says what was bought and for how much, so revenue never trusts a price a device sent.
/// Checked at ingest, so a purchase that cannot be verified is refused with its request rather than found later.
/// </summary>
internal static class PurchaseData
{
    public const int MaxReceiptLength = 4_096;

    /// <summary>The receipt as JSON text, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Receipt(JsonElement data, out string? problem)
    {
        problem = null;
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("receipt", out var receipt)
            && (receipt.ValueKind == JsonValueKind.Object || receipt is { ValueKind: JsonValueKind.String } && receipt.GetString()!.Length > 0)
            && receipt.GetRawText() is { Length: <= MaxReceiptLength } text)
        {
            return text;
        }

        problem = $"data: a purchase needs data.receipt, the store's receipt (an object or a string, at most {MaxReceiptLength} characters of JSON).";
        return null;
    }

    public static string Receipt(string data)
    {
        using var document = JsonDocument.Parse(data);
        return Receipt(document.RootElement, out var problem) ?? throw new InvalidOperationException(problem);
    }
}
