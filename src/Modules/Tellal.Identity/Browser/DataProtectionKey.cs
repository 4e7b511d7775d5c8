namespace Tellal.Identity.Browser;

/// <summary>
/// A data protection key ring entry. The keys encrypt sign-in cookies and antiforgery tokens; kept in the shared
/// database, every web node reads every other node's cookies, so Nginx needs no sticky sessions.
/// </summary>
public sealed class DataProtectionKey
{
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}
