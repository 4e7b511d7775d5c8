using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Tellal.Reports.External;

/// <summary>
/// Verifies a webhook per the Standard Webhooks specification: the webhook-signature header holds space-separated
/// "v1,&lt;base64&gt;" signatures of "webhook-id.webhook-timestamp.body" (HMAC-SHA256, key = base64 after whsec_);
/// one must match (compared in constant time), and the timestamp must be within the tolerance of now, so a captured
/// call cannot be replayed later.
/// </summary>
internal sealed class StandardWebhookVerifier(IOptions<ExternalReportsOptions> options, TimeProvider time)
{
    public bool IsAuthentic(string? id, string? timestamp, string? signatures, string body)
    {
        if (!options.Value.IsConfigured || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > options.Value.WebhookTolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(
            HMACSHA256.HashData(options.Value.WebhookKey(), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), expected));
    }
}
