using System.CommandLine;
using Tellal.Identity.Users;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Cli;

internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manages users.");
        command.Subcommands.Add(Add());
        return command;
    }

    private static Command Add()
    {
        var name = new Option<string>("--name") { Description = "User name.", Required = true };
        var roles = new Option<string[]>("--role")
        {
            Description = $"Role, repeatable: {string.Join(", ", TellalPolicies.UserRoles)}.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var password = new Option<string>("--password") { Description = "Password (at least 10 characters).", Required = true };
        var email = new Option<string?>("--email") { Description = "Email address for notifications." };
        var command = new Command("add", "Adds a user.") { name, roles, password, email };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var users = services.GetRequiredService<UserService>();
            var user = new NewUser(parse.GetValue(name)!, parse.GetValue(password)!, parse.GetValue(roles)!, parse.GetValue(email));
            var errors = await users.ValidateAsync(user, ct);
            if (errors.Count > 0)
            {
                foreach (var (field, messages) in errors)
                {
                    await Console.Error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
                }

                return 2;
            }

            await users.AddAsync(user, ct);
            await services.GetRequiredService<TellalDbContext>().SaveChangesAsync(ct);
            Console.WriteLine($"User {user.UserName} added with role(s) {string.Join(", ", user.Roles)}.");
            return 0;
        }, ct));
        return command;
    }
}
