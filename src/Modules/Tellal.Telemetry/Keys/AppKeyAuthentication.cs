using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tellal.Telemetry.Keys;

/// <summary>
/// The <c>X-Api-Key</c> scheme of the ingest endpoint. A scheme of its own, named only by that endpoint's policy, so an
/// app key opens nothing else and a staff token does not open ingest.
/// </summary>
internal sealed class AppKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TelemetryAppKey";
    public const string Header = "X-Api-Key";
    public const string AppClaim = "tellal:app";
    public const string KeyClaim = "tellal:app-key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await Context.RequestServices.GetRequiredService<AppKeyStore>().FindActiveAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked app key.");
        }

        var identity = new ClaimsIdentity([new Claim(AppClaim, key.App), new Claim(KeyClaim, key.Id.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>One answer for a missing, unknown or revoked key: which of them it was is no business of the caller.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "A valid app key is required.",
            detail: $"Send the app's key in the {Header} header; keys are made with 'tellal telemetry keys add'.")
        .ExecuteAsync(Context);
}
