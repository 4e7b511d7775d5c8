using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Platform.Options;

namespace Tellal.Reports.External;

/// <summary>
/// The external report provider (ReportHub), bound from <c>Tellal:Reports:External</c>. Without a
/// <see cref="BaseUrl"/> the external report types are not offered; with one, every secret must be set.
/// </summary>
public sealed record ExternalReportsOptions : IValidatableObject
{
    public const string Section = "Tellal:Reports:External";

    [Description("ReportHub's base address, e.g. https://127.0.0.1:7443/. Unset: external report types are not offered.")]
    public string? BaseUrl { get; init; }

    [Description("API key Tellal presents to ReportHub (X-Api-Key).")]
    [Secret]
    public string? ApiKey { get; init; }

    [Description("Shared secret of the request signature (X-Signature, HMAC-SHA256).")]
    [Secret]
    public string? SigningSecret { get; init; }

    [Description("Secret of the webhooks ReportHub sends (whsec_ + base64), Standard Webhooks.")]
    [Secret]
    public string? WebhookSecret { get; init; }

    [Description("PEM file of a certificate authority to trust for ReportHub's certificate (e.g. a private CA); validation stays on.")]
    public string? CaBundlePath { get; init; }

    [Description("Timeout of one HTTP attempt.")]
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    [Description("Timeout of one call including its retries; past it the message is retried later by the messaging core.")]
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(45);

    [Description("HTTP retries inside one call (exponential, with jitter; a Retry-After from the provider is honoured).")]
    [Range(0, 10)]
    public int MaxRetries { get; init; } = 3;

    [Description("Delay before the first HTTP retry; later ones grow exponentially.")]
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    [Description("How long the circuit stays open once the provider is failing: calls fail fast and the jobs wait in the queue.")]
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    [Description("Share of failed calls within the sampling window that opens the circuit.")]
    [Range(0.01, 1.0)]
    public double FailureRatio { get; init; } = 0.5;

    [Description("Window over which the failure ratio is measured (at least twice the attempt timeout).")]
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    [Description("Calls within the window before the circuit may open.")]
    [Range(2, 1000)]
    public int MinimumThroughput { get; init; } = 10;

    [Description("How often a submitted job is polled, in case its webhook never comes.")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    [Description("A job not finished this long after its submission is submitted again with the same Idempotency-Key (the provider may have lost it).")]
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Webhooks whose timestamp is further than this from now are refused (replay protection).")]
    public TimeSpan WebhookTolerance { get; init; } = TimeSpan.FromMinutes(5);

    // A receipt must outlive every redelivery of its webhook, or a late redelivery would be handled twice:
    // ReportHub retries a webhook for a bounded time (10 minutes by default), so a week is far beyond it while the
    // table stays a few days of webhooks.
    [Description("How long a handled webhook-id is kept for replay detection (well beyond the provider's webhook retry window); older receipts are deleted by scheduler nodes (Tellal:Retention).")]
    public TimeSpan WebhookReceiptRetention { get; init; } = TimeSpan.FromDays(7);

    public bool IsConfigured => !string.IsNullOrEmpty(BaseUrl);

    /// <summary>The provider's address with a trailing slash, so relative paths like v1/jobs append to it.</summary>
    public Uri? BaseAddress() => IsConfigured && Uri.TryCreate(BaseUrl!.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute, out var url) ? url : null;

    public byte[] WebhookKey() => Convert.FromBase64String(WebhookSecret!["whsec_".Length..]);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (BaseAddress()?.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("An absolute https:// address: ReportHub is reached over HTTPS only.", [nameof(BaseUrl)]);
        }

        if (ApiKey is not { Length: >= 16 })
        {
            yield return new ValidationResult("Required with BaseUrl, at least 16 characters.", [nameof(ApiKey)]);
        }

        if (SigningSecret is not { Length: >= 32 })
        {
            yield return new ValidationResult("Required with BaseUrl, at least 32 characters.", [nameof(SigningSecret)]);
        }

        if (WebhookSecret is null || !WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal)
            || !Convert.TryFromBase64String(WebhookSecret["whsec_".Length..], new byte[WebhookSecret.Length], out var length) || length < 24)
        {
            yield return new ValidationResult("Required with BaseUrl: whsec_ followed by base64 of at least 24 bytes.", [nameof(WebhookSecret)]);
        }

        if (CaBundlePath is not null && !File.Exists(CaBundlePath))
        {
            yield return new ValidationResult($"No file at {CaBundlePath}.", [nameof(CaBundlePath)]);
        }

        if (WebhookReceiptRetention <= WebhookTolerance)
        {
            // Shorter than the timestamp tolerance, a swept webhook-id could be replayed while its timestamp still passes.
            yield return new ValidationResult("Must exceed WebhookTolerance.", [nameof(WebhookReceiptRetention)]);
        }

        if (TotalTimeout <= AttemptTimeout || SamplingDuration < 2 * AttemptTimeout)
        {
            yield return new ValidationResult("TotalTimeout must exceed AttemptTimeout, and SamplingDuration be at least twice AttemptTimeout.", [nameof(TotalTimeout)]);
        }
    }
}
