using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
/// The generated password is printed once, to the console only (never logged), so no default password exists.
/// </summary>
internal sealed class AdminBootstrapper(
    IServiceScopeFactory scopes,
    SigningKeyProvider keys,
    StartupGate gate,
    IOptions<BootstrapOptions> options,
    TimeProvider time,
    ILogger<AdminBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await keys.GetAsync(stoppingToken);
                await EnsureAdminAsync(scopes, options.Value, Console.Out, stoppingToken);
                // Operators (and tests) can tell from the log when sign-in works, and that the first-run step is over.
                logger.LogInformation("Sign-in is ready: an admin exists");
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested && exception is not InvalidOperationException)
            {
                // The database may be briefly unavailable (busy, restarting): sign-in must come back without a restart.
                logger.LogWarning(exception, "Could not prepare sign-in (attempt {Attempt}); retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt)), time, stoppingToken);
            }
        }
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

        users.Add(admin);
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
