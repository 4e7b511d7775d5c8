using System.CommandLine;
using Microsoft.Extensions.Options;
using Tellal.Extensions;
using Tellal.Platform.Roles;

namespace Tellal.Cli;

/// <summary>
/// <c>tellal [--roles all|web,worker,...]</c> runs a node; subcommands administer one. Options the command line
/// does not know (<c>--urls</c>, <c>--Tellal:DataDirectory=...</c>) pass through to configuration.
/// </summary>
public static class TellalCommandLine
{
    public static RootCommand Create()
    {
        var rolesOption = new Option<string>("--roles")
        {
            Description = $"Roles this process runs: all (default) or a comma-separated list of {string.Join(", ", TellalRole.All)}.",
            DefaultValueFactory = _ => "all",
        };
        var root = new RootCommand("Tellal: the back office of an online game-rental company.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(rolesOption);
        root.SetAction(async (parse, cancellationToken) =>
        {
            RoleSet roles;
            try
            {
                roles = RoleSet.Parse(parse.GetValue(rolesOption));
            }
            catch (ArgumentException exception)
            {
                await Console.Error.WriteLineAsync(exception.Message);
                return 2;
            }

            try
            {
                var app = NodeApplication.Build(parse.UnmatchedTokens.ToArray(), roles);
                await app.RunAsync(cancellationToken);
                return 0;
            }
            catch (OptionsValidationException exception)
            {
                return await CliHost.InvalidConfigurationAsync(exception);
            }
        });

        root.Subcommands.Add(RolesCommand.Create());
        root.Subcommands.Add(ConfigCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(DeadLettersCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        root.Subcommands.Add(SeedCommand.Create());
        return root;
    }
}
