using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Identity.Tokens;
using Tellal.Identity.Users;
using Tellal.Platform.Hosting;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Identity.Bootstrap;

/// <summary>
/// On a web node, once the schema is in place: loads the token key and, if there is no admin yet, creates one.
/// A start-up task, so the node opens only when sign-in works (a probe that says ready while the first admin does not
/// exist yet sends a new user, or a test, to a sign-in that fails). The generated password is printed once, to the
/// console only (never logged), so no default password exists. A failure (database busy, an admin password that
/// breaks the rules) keeps the node starting and is retried by the start-up coordinator, which logs why.
/// </summary>
internal sealed class AdminBootstrapper(
    IServiceScopeFactory scopes,
    SigningKeyProvider keys,
    IOptions<BootstrapOptions> options,
    ILogger<AdminBootstrapper> logger) : IStartupTask
{
    public string Description => "preparing sign-in";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await keys.GetAsync(cancellationToken);
        await EnsureAdminAsync(scopes, options.Value, Console.Out, cancellationToken);
        // Operators (and tests) can tell from the log when sign-in works, and that the first-run step is over.
        logger.LogInformation("Sign-in is ready: an admin exists");
    }

    public static async Task EnsureAdminAsync(IServiceScopeFactory scopes, BootstrapOptions options, TextWriter console, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserService>();
        if (await users.AnyAdminAsync(cancellationToken))
        {
            return;
        }

        var generated = options.AdminPassword is null;
        var password = options.AdminPassword ?? UserService.GeneratePassword();
        var admin = new NewUser(options.AdminUserName, password, [TellalPolicies.Admin, TellalPolicies.Approver, TellalPolicies.Requester]);
        var errors = await users.ValidateAsync(admin, cancellationToken);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Cannot create the first admin: " +
                string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        await users.AddAsync(admin, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync(cancellationToken);
        if (generated)
        {
            await console.WriteLineAsync($"""

                ================================================================
                 Tellal: first run. An admin user was created:
                   user name: {admin.UserName}
                   password:  {password}
                 This password is shown once. Sign in and keep it safe.
                ================================================================

                """);
        }
    }
}
