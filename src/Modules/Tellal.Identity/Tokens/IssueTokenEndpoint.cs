using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tellal.Identity.SignIn;
using Tellal.Identity.Users;

namespace Tellal.Identity.Tokens;

public sealed record TokenRequest(string? UserName, string? Password);

public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt);

internal static class IssueTokenEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/auth/token", HandleAsync)
            .WithTags("Auth")
            .WithName("IssueToken")
            .AsSignInEndpoint(_ => TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many sign-in requests from this address; try again after the time in Retry-After."));

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        TokenRequest request, HttpContext context, UserService users, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.UserName))
        {
            errors["userName"] = ["Required."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var result = await users.VerifyPasswordAsync(request.UserName!, request.Password!, ClientAddress.Of(context), cancellationToken);
        if (result.AccountDisabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account is disabled; ask an admin.");
        }

        if (result.User is not { } user)
        {
            // One answer for unknown user and wrong password: the API must not reveal which user names exist.
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid user name or password.");
        }

        var token = await issuer.IssueAsync(user, cancellationToken);
        return TypedResults.Ok(new TokenResponse(token.Value, token.ExpiresAt));
    }
}
