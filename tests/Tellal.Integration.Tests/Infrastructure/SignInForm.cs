using System.Text.RegularExpressions;

namespace Tellal.Integration.Tests.Infrastructure;

/// <summary>The browser's sign-in without a browser: the page's antiforgery token, then the form post (cookies kept by the client's handler).</summary>
public static partial class SignInForm
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string returnUrl = "/")
    {
        var page = await client.GetStringAsync("/sign-in");
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "the sign-in page has no antiforgery token");
        return await client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token.Groups[1].Value),
            ["userName"] = userName,
            ["password"] = password,
            ["returnUrl"] = returnUrl,
        }));
    }

    /// <summary>Where the form sent the browser: the target on success, the sign-in page with an error code otherwise.</summary>
    public static string Location(HttpResponseMessage response) => response.Headers.Location?.OriginalString ?? $"(no redirect: {(int)response.StatusCode})";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
