using System.Text.Json;

namespace AppStore;

/// <summary>
/// <c>POST /v1/receipts/verify</c> <c>{receipt, amount, currency}</c> (signed): 200 <c>{status: valid|invalid,
/// transactionId, reason}</c>. The verdict depends on the receipt alone, so asking twice gives the same answer.
/// </summary>
public static class VerifyEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app) => app.MapPost("/v1/receipts/verify", VerifyAsync);

    private static async Task<IResult> VerifyAsync(HttpRequest request, RequestAuthenticator authenticator, StoreStatistics statistics, CancellationToken cancellationToken)
    {
        var (body, refusal) = await authenticator.AuthenticateAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        VerifyRequest? question;
        try
        {
            question = JsonSerializer.Deserialize<VerifyRequest>(body, Json);
        }
        catch (JsonException)
        {
            question = null;
        }

        if (question is not { Receipt.Length: > 0, Currency.Length: 3 })
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["{receipt, amount, currency} with a 3-letter currency."] });
        }

        var reason = Receipt.Judge(question.Receipt, question.Amount, question.Currency, out var transactionId);
        statistics.CountVerdict(question.Receipt, reason is null);
        return Results.Ok(new VerifyAnswer(reason is null ? "valid" : "invalid", transactionId, reason));
    }

    private sealed record VerifyRequest(string Receipt, decimal Amount, string Currency);

    private sealed record VerifyAnswer(string Status, string? TransactionId, string? Reason);
}
