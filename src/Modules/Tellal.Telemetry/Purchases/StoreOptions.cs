using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Platform.Http;
using Tellal.Platform.Options;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// The app store's receipt verification service (the stand-in: src/AppStore, docs/appstore.md), bound from
/// <c>Tellal:Telemetry:Store</c>. Without a <see cref="BaseUrl"/> purchases are taken and wait, Pending, until one is set.
/// </summary>
public sealed record StoreOptions : IValidatableObject
{
    public const string Section = "Tellal:Telemetry:Store";

    [Description("The store's base address, e.g. https://127.0.0.1:7444/. Unset: purchases are kept Pending, unverified.")]
    public string? BaseUrl { get; init; }

    [Description("API key Tellal presents to the store (X-Api-Key).")]
    [Secret]
    public string? ApiKey { get; init; }

    [Description("Shared secret of the request signature (X-Signature, HMAC-SHA256).")]
    [Secret]
    public string? SigningSecret { get; init; }

    [Description("PEM file of a certificate authority to trust for the store's certificate (e.g. a private CA); validation stays on.")]
    public string? CaBundlePath { get; init; }

    [Description("Timeout of one HTTP attempt.")]
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    [Description("Timeout of one verification including its HTTP retries; past it the purchase waits for its next attempt.")]
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(15);

    [Description("HTTP retries inside one verification (exponential, with jitter; a Retry-After from the store is honoured).")]
    [Range(0, 10)]
    public int MaxRetries { get; init; } = 2;

    [Description("Delay before the first HTTP retry; later ones grow exponentially.")]
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    [Description("How long the circuit stays open once the store is failing: verifications fail fast and the purchases wait.")]
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(10);

    [Description("Share of failed calls within the sampling window that opens the circuit.")]
    [Range(0.01, 1.0)]
    public double FailureRatio { get; init; } = 0.5;

    [Description("Window over which the failure ratio is measured (at least twice the attempt timeout).")]
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    [Description("Calls within the window before the circuit may open.")]
    [Range(2, 1000)]
    public int MinimumThroughput { get; init; } = 10;

    [Description("How often each ingest node looks for purchases due for verification.")]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    [Description("Purchases one node claims at a time.")]
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 100;

    [Description("Verifications one node runs at once (calls to the store are I/O waits, not CPU).")]
    [Range(1, 256)]
    public int Concurrency { get; init; } = 8;

    [Description("Wait before verifying a purchase again after the store could not answer; doubles with each attempt.")]
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(2);

    [Description("Longest wait between two verifications of a purchase: a purchase is retried for as long as it takes, never given up.")]
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    [Description("How long a claimed purchase is left to its verifier before another node may take it (a node that died mid-call); must exceed TotalTimeout.")]
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromMinutes(1);

    public bool IsConfigured => !string.IsNullOrEmpty(BaseUrl);

    /// <summary>The store's address with a trailing slash, so relative paths like v1/receipts/verify append to it.</summary>
    public Uri? BaseAddress() => IsConfigured && Uri.TryCreate(BaseUrl!.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute, out var url) ? url : null;

    public ResilientCalls Calls() =>
        new(AttemptTimeout, TotalTimeout, MaxRetries, RetryDelay, BreakDuration, FailureRatio, SamplingDuration, MinimumThroughput);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClaimTimeout <= TotalTimeout)
        {
            // Shorter, a second node could take a purchase whose first verification is still running.
            yield return new ValidationResult("Must exceed TotalTimeout.", [nameof(ClaimTimeout)]);
        }

        if (TotalTimeout <= AttemptTimeout || SamplingDuration < 2 * AttemptTimeout)
        {
            yield return new ValidationResult("TotalTimeout must exceed AttemptTimeout, and SamplingDuration be at least twice AttemptTimeout.", [nameof(TotalTimeout)]);
        }

        if (!IsConfigured)
        {
            yield break;
        }

        if (BaseAddress()?.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("An absolute https:// address: the store is reached over HTTPS only.", [nameof(BaseUrl)]);
        }

        if (ApiKey is not { Length: >= 16 })
        {
            yield return new ValidationResult("Required with BaseUrl, at least 16 characters.", [nameof(ApiKey)]);
        }

        if (SigningSecret is not { Length: >= 32 })
        {
            yield return new ValidationResult("Required with BaseUrl, at least 32 characters.", [nameof(SigningSecret)]);
        }

        if (CaBundlePath is not null && !File.Exists(CaBundlePath))
        {
            yield return new ValidationResult($"No file at {CaBundlePath}.", [nameof(CaBundlePath)]);
        }
    }
}
