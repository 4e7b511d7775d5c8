using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Platform.Options;

namespace Tellal.Notifications;

/// <summary>Bound from <c>Tellal:Mail</c>. Without an SMTP host, emails are written as .eml files under the data directory.</summary>
public sealed record MailOptions
{
    public const string Section = "Tellal:Mail";

    [Description("Sender address of notification emails.")]
    [Required]
    public string From { get; init; } = "Tellal <tellal@localhost>";

    [Description("Folder (inside the data directory) for .eml files when no SMTP server is configured.")]
    [Required]
    public string PickupFolder { get; init; } = "mail";

    public SmtpOptions Smtp { get; init; } = new();
}

public enum SmtpTlsMode
{
    None,
    StartTls,
    StartTlsWhenAvailable,
    Implicit,
}

public sealed record SmtpOptions
{
    [Description("SMTP server; when set (with Port) emails go there instead of to files.")]
    public string? Host { get; init; }

    [Description("SMTP port, e.g. 25, 587 or 465.")]
    [Range(1, 65535)]
    public int? Port { get; init; }

    [Description("SMTP user name, if the server wants one.")]
    public string? User { get; init; }

    [Description("SMTP password.")]
    [Secret]
    public string? Password { get; init; }

    [Description("Transport security: None, StartTls, StartTlsWhenAvailable or Implicit (SMTPS).")]
    public SmtpTlsMode TlsMode { get; init; } = SmtpTlsMode.StartTlsWhenAvailable;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && Port is not null;
}
