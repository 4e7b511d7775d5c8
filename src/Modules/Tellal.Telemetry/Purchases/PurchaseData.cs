using System.Text.Json;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// The <c>data</c> of a <c>purchase</c> event: <c>{"receipt": "...", "amount": 4.99, "currency": "EUR"}</c> (more
/// fields are kept in the event, not read here). Checked at ingest, so a purchase that cannot be verified is refused
/// with the request rather than found later.
/// </summary>
public sealed record PurchaseData(string Receipt, decimal Amount, string Currency)
{
    public const int MaxReceiptLength = 4_096;

    /// <summary>The purchase's data, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static PurchaseData? Read(JsonElement data, out string? problem)
    {
        problem = null;
        string? receipt = null, currency = null;
        decimal amount = 0;
        var valid = data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("receipt", out var r) && r.ValueKind == JsonValueKind.String && (receipt = r.GetString()) is { Length: > 0 and <= MaxReceiptLength }
            && data.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetDecimal(out amount) && amount > 0 && amount < 1_000_000 && decimal.Round(amount, 2) == amount
            && data.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String && (currency = c.GetString()) is { Length: 3 } && currency.All(char.IsAsciiLetterUpper);
        if (!valid)
        {
            problem = $"data: a purchase needs receipt (1 to {MaxReceiptLength} characters), amount (positive, at most 2 decimals) and currency (ISO 4217, e.g. EUR).";
            return null;
        }

        return new PurchaseData(receipt!, amount, currency!);
    }

    public static PurchaseData Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Read(document.RootElement, out var problem) ?? throw new InvalidOperationException(problem);
    }
}
