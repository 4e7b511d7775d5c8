using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Tellal.Platform.Http;

namespace Tellal.Telemetry.Purchases;

/// <summary>The store's verdict on a receipt (its contract, docs/appstore.md).</summary>
public sealed record StoreVerdict(string Status, string? TransactionId, string? ProductId, long? PriceMicros, string? Currency, string? Reason)
{
    public bool Valid => Status == "valid";
}

/// <summary>The store could not give a verdict now (5xx, 429, timeouts, open circuit): the purchase is tried again later.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Tellal's client of the store's /v1 API. The HttpClient behind it carries the resilience pipeline and the request
/// signature (<see cref="PurchasesRegistration"/>).
/// </summary>
internal sealed class StoreClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<StoreVerdict> VerifyAsync(Purchase purchase, CancellationToken cancellationToken)
    {
        using var receipt = JsonDocument.Parse(purchase.Receipt);
        using var response = await http.PostAsJsonAsync("v1/receipts/verify", new { receipt = receipt.RootElement }, Json, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Every refusal is the store's trouble or ours (credentials, contract), never the receipt's: the purchase
            // waits rather than being rejected for something its player did not do.
            throw new StoreUnavailableException($"The store answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var verdict = await response.Content.ReadFromJsonAsync<StoreVerdict>(Json, cancellationToken);
        return verdict is { Status: "invalid" } or { Status: "valid", PriceMicros: > 0, Currency.Length: 3 }
            ? verdict
            : throw new StoreUnavailableException("The store sent an answer without a verdict (or a valid one without the price).");
    }
}

/// <summary>Signs every attempt of a /v1 call (<see cref="HmacRequestSignature"/>).</summary>
internal sealed class StoreSigningHandler(IOptions<StoreOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await HmacRequestSignature.SignAsync(request, settings.ApiKey!, settings.SigningSecret!, time.GetUtcNow(), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
