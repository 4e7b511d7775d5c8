using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace ReportHub;

/// <summary>Bound from <c>ReportHub</c> (environment variables <c>ReportHub__*</c>); validated on start.</summary>
public sealed record ReportHubOptions
{
    public const string Section = "ReportHub";

    [Description("Folder for the job database and the result files.")]
    [Required]
    public string DataDirectory { get; init; } = "reporthub-data";

    [Description("Jobs produced at the same time.")]
    [Range(1, 64)]
    public int Workers { get; init; } = 2;

    [Description("Simulated production time of one job.")]
    public TimeSpan JobDuration { get; init; } = TimeSpan.FromSeconds(1);

    [Description("How long a signed download URL stays valid.")]
    public TimeSpan DownloadUrlLifetime { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Requests whose signature timestamp is further than this from now are rejected.")]
    public TimeSpan SignatureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Key of the admin endpoints (/admin/*), header X-Admin-Key.")]
    [Required, MinLength(16)]
    public string AdminKey { get; init; } = "";

    [Description("Key that signs download URLs (any text of at least 32 characters).")]
    [Required, MinLength(32)]
    public string UrlSigningKey { get; init; } = "";

    [Description("PEM file of a certificate authority trusted for outgoing webhook calls (besides the system store's).")]
    public string? TrustedCaPath { get; init; }

    public SubscriberOptions Subscriber { get; init; } = new();

    public WebhookDeliveryOptions Webhooks { get; init; } = new();

    [Description("Faults active from the start (the admin endpoint changes them at run time).")]
    public FaultSettings Faults { get; init; } = new();
}

/// <summary>The one client of this instance: its credentials and where its webhooks go.</summary>
public sealed record SubscriberOptions : IValidatableObject
{
    [Description("The client's API key (header X-Api-Key).")]
    [Required, MinLength(16)]
    public string ApiKey { get; init; } = "";

    [Description("Shared secret of the request signature (X-Signature).")]
    [Required, MinLength(32)]
    public string SigningSecret { get; init; } = "";

    [Description("Where job.succeeded / job.failed events are posted (Standard Webhooks).")]
    public Uri? WebhookUrl { get; init; }

    [Description("Webhook signing secret: whsec_ followed by base64 of at least 24 random bytes.")]
    [Required]
    public string WebhookSecret { get; init; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal) || !IsBase64(WebhookSecret["whsec_".Length..]))
        {
            yield return new ValidationResult("WebhookSecret must be whsec_ followed by base64.", [nameof(WebhookSecret)]);
        }
    }

    public byte[] WebhookKey() => Convert.FromBase64String(WebhookSecret["whsec_".Length..]);

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= 24;
    }
}

public sealed record WebhookDeliveryOptions
{
    [Description("Delay before the second delivery attempt; each later delay doubles.")]
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    [Description("Upper bound of the delay between attempts.")]
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    [Description("A webhook not answered 2xx within this long after the event is given up.")]
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(10);

    [Description("Timeout of one delivery attempt.")]
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
