using System.CommandLine;
using Microsoft.Extensions.Options;
using Tellal.Extensions;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Cli;

/// <summary>The services of a node without its background work, for one administrative command.</summary>
internal static class CliHost
{
    public static IHost Build(ParseResult parse)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = parse.UnmatchedTokens.ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The command says what it did; a node's progress lines ("Applying 3 migration(s)") are noise here. A rule, not
        // the minimum level: appsettings.json's Logging:LogLevel:Default would win over that.
        builder.Logging.AddFilter(category: null, LogLevel.Warning);
        // A failed query ends the command with one line (TellalCommandLine); EF Core's own error log would repeat it
        // with a stack trace.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
        builder.AddTellalServices(RoleSet.None, runBackgroundWork: false);
        return builder.Build();
    }

    /// <summary>Runs <paramref name="work"/> in a scope; subcommands are quiet unless something goes wrong.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, Task<int>> work)
    {
        using var host = Build(parse);
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>
    /// Like <see cref="RunAsync"/>, for a command that uses the database: the schema is made current first, as a node
    /// does at start-up (so <c>tellal users add</c> works before the first start), unless
    /// <c>Tellal:Storage:MigrateOnStart</c> is off; then an old schema stops the command with "run `tellal migrate`".
    /// </summary>
    public static Task<int> RunWithDatabaseAsync(ParseResult parse, Func<IServiceProvider, Task<int>> work, CancellationToken cancellationToken) =>
        RunAsync(parse, async services =>
        {
            await services.GetRequiredService<DatabaseMigrator>().EnsureCurrentAsync(cancellationToken);
            return await work(services);
        });

    /// <summary>Bad configuration is an operator's mistake: name the keys, no stack trace.</summary>
    public static async Task<int> InvalidConfigurationAsync(OptionsValidationException exception)
    {
        await Console.Error.WriteLineAsync("Invalid configuration:");
        foreach (var failure in exception.Failures)
        {
            await Console.Error.WriteLineAsync($"  {failure}");
        }

        return 3;
    }

    /// <summary>Subcommands accept configuration overrides after their own arguments.</summary>
    public static T AllowConfiguration<T>(this T command)
        where T : Command
    {
        command.TreatUnmatchedTokensAsErrors = false;
        return command;
    }
}
