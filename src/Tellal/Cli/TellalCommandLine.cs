using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Options;
using Tellal.Extensions;
using Tellal.Platform.Roles;

namespace Tellal.Cli;

/// <summary>
/// <c>tellal [--roles all|web,worker,...]</c> runs a node; subcommands administer one. Configuration switches
/// (<c>--urls</c>, <c>--Tellal:DataDirectory=...</c>, see <see cref="ConfigurationSwitches"/>) pass through to
/// configuration; anything else unknown is a usage error, never a node started by a typo.
/// </summary>
public static class TellalCommandLine
{
    /// <summary>Usage errors: an unknown command or option, a missing or malformed argument.</summary>
    private const int UsageError = 2;

    /// <summary>
    /// Parses and runs <paramref name="args"/>. Bad arguments print what is wrong and the usage (exit 2); a failure
    /// prints one line (exit 1, 3 for invalid configuration), never a stack trace.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Action is not { ClearsParseErrors: true })
        {
            IReadOnlyList<string> errors = parse.Errors.Count > 0
                ? parse.Errors.Select(e => e.Message).ToList()
                : ConfigurationSwitches.Errors(parse.UnmatchedTokens);
            if (errors.Count > 0)
            {
                return await UsageAsync(parse.CommandResult, errors);
            }
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (OptionsValidationException exception)
        {
            return await CliHost.InvalidConfigurationAsync(exception);
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"Error: {OneLine(exception)}");
            return 1;
        }
    }

    public static RootCommand Create()
    {
        var rolesOption = new Option<RoleSet>("--roles")
        {
            Description = $"Roles this process runs: all (default) or a comma-separated list of {string.Join(", ", TellalRole.All)}.",
            DefaultValueFactory = _ => RoleSet.All,
            CustomParser = ParseRoles,
        };
        var root = new RootCommand("Tellal: the back office of an online game-rental company.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(rolesOption);
        root.SetAction(async (parse, cancellationToken) =>
        {
            var app = NodeApplication.Build(parse.UnmatchedTokens.ToArray(), parse.GetValue(rolesOption)!);
            await app.RunAsync(cancellationToken);
            return 0;
        });

        root.Subcommands.Add(RolesCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(DeadLettersCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        root.Subcommands.Add(TelemetryCommand.Create());
        root.Subcommands.Add(Simulate.SimulateCommand.Create());
        return root;
    }

    /// <summary>An unknown role is a usage error, reported like any other.</summary>
    private static RoleSet? ParseRoles(ArgumentResult result)
    {
        try
        {
            return RoleSet.Parse(result.Tokens.Count == 0 ? null : result.Tokens[^1].Value);
        }
        catch (ArgumentException exception)
        {
            result.AddError(exception.Message);
            return null;
        }
    }

    /// <summary>The errors, then the help of the command they are about, all on stderr.</summary>
    private static async Task<int> UsageAsync(CommandResult command, IReadOnlyList<string> errors)
    {
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync(error);
        }

        await Console.Error.WriteLineAsync();
        var path = new List<string> { "--help" };
        for (var result = command; result.Parent is CommandResult parent; result = parent)
        {
            path.Insert(0, result.Command.Name);
        }

        Create().Parse(path).Invoke(new InvocationConfiguration { Output = Console.Error });
        return UsageError;
    }

    /// <summary>The exception and its causes in one line: what went wrong, without the stack.</summary>
    private static string OneLine(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.ReplaceLineEndings(" ").Trim();
            if (!messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }
}
