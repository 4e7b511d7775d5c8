using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AppStore;

/// <summary>
/// The stand-in's receipt: <c>r1.&lt;transactionId&gt;.&lt;check&gt;</c>, where <c>check</c> is the first 16 hex digits of
/// SHA-256(<c>transactionId|amount|currency</c>), amount with two decimals ("4.99"). A real store signs receipts with
/// its private key; a checksum is enough for a stand-in whose point is slowness, outages and refusals, and it lets the
/// load generator mint good receipts (and bad ones: a wrong check, or an amount that is not the one paid).
/// </summary>
public static partial class Receipt
{
    /// <summary>Null when the receipt is genuine for this amount and currency, else why not.</summary>
    public static string? Judge(string receipt, decimal amount, string currency, out string? transactionId)
    {
        transactionId = null;
        var match = Shape().Match(receipt);
        if (!match.Success)
        {
            return "The receipt is malformed.";
        }

        transactionId = match.Groups["tx"].Value;
        var expected = Check(transactionId, amount, currency);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(match.Groups["check"].Value), Encoding.ASCII.GetBytes(expected))
            ? null
            : "The receipt was not issued for this purchase (forged, or another amount or currency).";
    }

    public static string Check(string transactionId, decimal amount, string currency) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{transactionId}|{amount.ToString("0.00", CultureInfo.InvariantCulture)}|{currency}")))[..16];

    [GeneratedRegex("^r1\\.(?<tx>[A-Za-z0-9_-]{1,64})\\.(?<check>[0-9a-f]{16})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
