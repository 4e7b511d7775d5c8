using System.CommandLine;
using Tellal.Platform.Roles;

namespace Tellal.Cli;

internal static class RolesCommand
{
    public static Command Create()
    {
        var command = new Command("roles", "Lists the roles a node can run.");
        command.SetAction(_ =>
        {
            foreach (var role in TellalRole.All)
            {
                Console.WriteLine($"{role.Name,-10} {role.Description}");
            }

            return 0;
        });
        return command;
    }
}
