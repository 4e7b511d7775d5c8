using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tellal.Platform.Security;

namespace Tellal.BackOffice.Pages.Account;

/// <summary>The sign-in form; Identity checks the password (<see cref="BrowserRoutes.SignInEndpoint"/>) and sends errors back here as codes.</summary>
public sealed class SignInModel : PageModel
{
    public string ReturnUrl { get; private set; } = "/";

    public string? ErrorMessage { get; private set; }

    public void OnGet([FromQuery] string? returnUrl, [FromQuery] string? error)
    {
        ReturnUrl = BrowserRoutes.IsLocalPath(returnUrl) ? returnUrl! : "/";
        ErrorMessage = error switch
        {
            null => null,
            "invalid" => "Wrong user name or password.",
            "busy" => "Too many sign-in attempts from your network: wait a minute and try again.",
            "missing" => "Enter your user name and password.",
            "disabled" => "This account is disabled. Ask an admin to enable it.",
            _ => "Your sign-in form expired. Please try again.",
        };
    }
}
