using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AppStore;

/// <summary>What the store says about a genuine receipt: the purchase it was issued for.</summary>
public sealed record ReceiptDetails(string TransactionId, string ProductId, long PriceMicros, string Currency);

/// <summary>
/// The stand-in's receipt, as the game apps get it after a purchase and pass it on unchanged (docs/appstore.md):
/// <c>{store, productId, transactionId, priceMicros, currency, payload, signature}</c>, where <c>payload</c> is
/// base64(<c>transactionId|productId|priceMicros</c>) and <c>signature</c> the lower-case hex SHA-256 of <c>payload</c>.
/// A real store signs with its private key; a hash is enough for a stand-in whose point is slowness, outages and
/// refusals, and it lets the load generator mint good receipts and forged ones.
/// </summary>
public static class Receipt
{
    /// <summary>The purchase the receipt was issued for, or null with <paramref name="reason"/> saying why it is not genuine.</summary>
    public static ReceiptDetails? Judge(JsonElement receipt, out string? reason)
    {
        reason = null;
        if (receipt.ValueKind != JsonValueKind.Object
            || Text(receipt, "transactionId") is not { Length: > 0 } transaction
            || Text(receipt, "productId") is not { Length: > 0 } product
            || !receipt.TryGetProperty("priceMicros", out var priceElement) || !priceElement.TryGetInt64(out var price) || price <= 0
            || Text(receipt, "currency") is not { Length: 3 } currency
            || Text(receipt, "payload") is not { } payload
            || Text(receipt, "signature") is not { } signature)
        {
            reason = "The receipt is malformed.";
            return null;
        }

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)))
        {
            reason = "The receipt's signature is not the store's (forged).";
            return null;
        }

        var signed = Convert.TryFromBase64String(payload, new byte[payload.Length], out var length) ? Encoding.UTF8.GetString(Convert.FromBase64String(payload)) : "";
        if (length == 0 || signed != $"{transaction}|{product}|{price}")
        {
            reason = "The receipt's fields differ from what the store signed (altered).";
            return null;
        }

        return new ReceiptDetails(transaction, product, price, currency);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
