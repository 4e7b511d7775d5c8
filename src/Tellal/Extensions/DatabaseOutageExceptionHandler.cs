using Microsoft.AspNetCore.Diagnostics;
using Tellal.Platform.Storage;

namespace Tellal.Extensions;

/// <summary>
/// One place for every endpoint: a request that fails because the database is down or too busy answers
/// 503 with Retry-After and a problem body, not a 500. Endpoints write in one transaction, so a request that
/// failed this way left nothing behind and the client may simply send it again (with its Idempotency-Key).
/// </summary>
internal sealed class DatabaseOutageExceptionHandler(IProblemDetailsService problems, ILogger<DatabaseOutageExceptionHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseOutage.IsCause(exception) || context.Response.HasStarted)
        {
            return false;
        }

        logger.LogWarning("{Method} {Path} answered 503: the database is unavailable ({Error})",
            context.Request.Method, context.Request.Path, exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable",
                Detail = "Nothing was changed. Try again in a moment.",
            },
        });
    }
}
