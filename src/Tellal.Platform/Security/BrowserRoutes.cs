namespace Tellal.Platform.Security;

/// <summary>
/// Where the browser signs in and out. The back office serves the page, Identity owns the passwords and the cookie;
/// neither references the other, so both read the paths from here.
/// </summary>
public static class BrowserRoutes
{
    public const string SignInPage = "/sign-in";
    public const string SignInEndpoint = "/account/sign-in";
    public const string SignOutEndpoint = "/account/sign-out";

    /// <summary>The header JavaScript sends the antiforgery request token in (cookie-authenticated POST/DELETE).</summary>
    public const string AntiforgeryHeader = "X-Tellal-Antiforgery";

    /// <summary>
    /// Only a path of this site, so a crafted link cannot bounce a signed-in user elsewhere. Printable ASCII only:
    /// browsers drop tabs and line breaks (<c>/\t/evil.example</c> becomes <c>//evil.example</c>), and the redirect
    /// itself refuses such characters; anything else is treated as no return URL.
    /// </summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && url.All(c => c is > ' ' and < '\x7f');
}
