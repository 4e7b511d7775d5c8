using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AppStore;

/// <summary>
/// Every /v1 call carries the client's API key and an HMAC-SHA256 signature of the request (docs/appstore.md):
/// <c>X-Api-Key</c>, <c>X-Signature-Timestamp</c> (Unix seconds) and
/// <c>X-Signature: v1=base64(HMAC-SHA256(secret, METHOD \n path+query \n timestamp \n hex(SHA-256(body))))</c>.
/// A stale timestamp is refused so a captured request cannot be replayed later.
/// </summary>
public sealed class RequestAuthenticator(IOptions<AppStoreOptions> options, TimeProvider time)
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The body when the request is authentic, else the problem to answer.</summary>
    public async Task<(byte[]? Body, IResult? Refusal)> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Results.Problem(title: "The request body is larger than 16 KB.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        if (body.Length > MaxBodyBytes)
        {
            return (null, Results.Problem(title: "The request body is larger than 16 KB.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        if (!FixedEquals(request.Headers["X-Api-Key"].ToString(), settings.ApiKey))
        {
            return (null, Refuse("Unknown API key."));
        }

        var timestampText = request.Headers["X-Signature-Timestamp"].ToString();
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > settings.SignatureTolerance)
        {
            return (null, Refuse("X-Signature-Timestamp is missing or too far from the current time."));
        }

        var canonical = $"{request.Method}\n{request.Path}{request.QueryString}\n{timestampText}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var expected = "v1=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.SigningSecret), Encoding.UTF8.GetBytes(canonical)));
        return FixedEquals(request.Headers["X-Signature"].ToString(), expected) ? (body, null) : (null, Refuse("The request signature does not match."));
    }

    private static IResult Refuse(string title) => Results.Problem(title: title, statusCode: StatusCodes.Status401Unauthorized);

    private static bool FixedEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
