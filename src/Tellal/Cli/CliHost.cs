using System.CommandLine;
using Microsoft.Extensions.Options;
using Tellal.Extensions;
using Tellal.Platform.Roles;

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
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddTellalServices(RoleSet.None, runBackgroundWork: false);
        return builder.Build();
    }

    /// <summary>Runs <paramref name="work"/> in a scope; subcommands are quiet unless something goes wrong.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, Task<int>> work)
    {
        try
        {
            using var host = Build(parse);
            await using var scope = host.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider);
        }
        catch (OptionsValidationException exception)
        {
            return await InvalidConfigurationAsync(exception);
        }
    }

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
