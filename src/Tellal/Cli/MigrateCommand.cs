using System.CommandLine;
using Tellal.Platform.Storage;

namespace Tellal.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Applies pending database migrations and exits.").AllowConfiguration();
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async services =>
        {
            var storage = services.GetRequiredService<StorageConnection>();
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            Console.WriteLine($"Database schema is current ({storage.Provider}).");
            return 0;
        }));
        return command;
    }
}
