using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace AppStore;

/// <summary>Bound from <c>AppStore</c> (environment variables <c>AppStore__*</c>); validated on start.</summary>
public sealed record AppStoreOptions
{
    public const string Section = "AppStore";

    [Description("The client's API key (header X-Api-Key).")]
    [Required, MinLength(16)]
    public string ApiKey { get; init; } = "";

    [Description("Shared secret of the request signature (X-Signature).")]
    [Required, MinLength(32)]
    public string SigningSecret { get; init; } = "";

    [Description("Key of the admin endpoints (/admin/*), header X-Admin-Key.")]
    [Required, MinLength(16)]
    public string AdminKey { get; init; } = "";

    [Description("Requests whose signature timestamp is further than this from now are rejected.")]
    public TimeSpan SignatureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Faults active from the start (the admin endpoint changes them at run time).")]
    public FaultSettings Faults { get; init; } = new();
}
