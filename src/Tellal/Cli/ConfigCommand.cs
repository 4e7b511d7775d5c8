using System.CommandLine;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;
using Tellal.Platform.Storage;

namespace Tellal.Cli;

internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Prints the effective configuration, secrets masked.").AllowConfiguration();
        command.SetAction((parse, _) => CliHost.RunAsync(parse, services =>
        {
            var storage = services.GetRequiredService<StorageConnection>();
            Console.WriteLine($"# Database: {storage.Provider} {storage.Describe()}");
            // The routing rules resolved against the transports configured here: which queue travels over which.
            var routes = services.GetRequiredService<QueueRoutes>();
            Console.WriteLine($"# Transports: {string.Join(", ", routes.InUse)} (primary: {routes.Primary})");
            foreach (var (queue, transport) in routes.ByQueue.OrderBy(route => route.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"# Queue {queue} -> {transport}");
            }

            foreach (var (section, type) in services.GetRequiredService<TellalOptionsRegistry>().Sections)
            {
                // IOptions<T>.Value binds and validates, exactly as a running node would.
                var accessor = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(type));
                object value;
                try
                {
                    value = accessor.GetType().GetProperty("Value")!.GetValue(accessor)!;
                }
                catch (TargetInvocationException exception) when (exception.InnerException is OptionsValidationException invalid)
                {
                    ExceptionDispatchInfo.Throw(invalid);
                    throw;
                }

                Console.Write(OptionsPrinter.Print(section, value));
            }

            return Task.FromResult(0);
        }));
        return command;
    }
}
