using System.Text.Json;

namespace AppStore;

/// <summary>
/// <c>POST /v1/receipts/verify</c> <c>{receipt}</c> (signed): 200 <c>{status: valid|invalid, transactionId, productId,
/// priceMicros, currency, reason}</c>. The verdict depends on the receipt alone, so asking twice gives the same answer.
/// </summary>
public static class VerifyEndpoint
{
    public static void Map(WebApplication app) => app.MapPost("/v1/receipts/verify", VerifyAsync);

    private static async Task<IResult> VerifyAsync(HttpRequest request, RequestAuthenticator authenticator, StoreStatistics statistics, CancellationToken cancellationToken)
    {
        var (body, refusal) = await authenticator.AuthenticateAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        JsonElement receipt;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("receipt", out var found))
            {
                return BadBody();
            }

            receipt = found.Clone();
        }
        catch (JsonException)
        {
            return BadBody();
        }

        var details = Receipt.Judge(receipt, out var reason);
        statistics.CountVerdict(receipt.GetRawText(), details is not null);
        return Results.Ok(new VerifyAnswer(details is null ? "invalid" : "valid", details?.TransactionId, details?.ProductId, details?.PriceMicros, details?.Currency, reason));
    }

    private static IResult BadBody() => Results.ValidationProblem(new Dictionary<string, string[]> { ["receipt"] = ["A JSON body {\"receipt\": {...}}."] });

    private sealed record VerifyAnswer(string Status, string? TransactionId, string? ProductId, long? PriceMicros, string? Currency, string? Reason);
}
