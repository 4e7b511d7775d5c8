using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Tellal.Platform.Http;

/// <summary>
/// The <c>Idempotency-Key</c> header of the requests that create something (a report request, a rental order): a client
/// that resends after a timeout sends the same key and gets the first answer again instead of a second thing. Stored per
/// user with what it created, so the same rules and answers hold wherever it is accepted.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>The longest key accepted, and the width of the column that stores it.</summary>
    public const int MaxLength = 100;

    /// <summary>A validation problem naming the header when the key is empty or too long; null when absent or well formed.</summary>
    public static ValidationProblem? Check(string? key) =>
        key is { Length: 0 or > MaxLength }
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Header] = [$"1 to {MaxLength} characters."] })
            : null;

    /// <summary>422, as ReportHub answers: the key was already used with a different request of this user.</summary>
    public static ProblemHttpResult Reused(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "This Idempotency-Key was used with a different request.",
            detail: $"A retry must send the same {what}; a new {what} needs a new key.");
}
