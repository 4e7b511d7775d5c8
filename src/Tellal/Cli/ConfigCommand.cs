using System.CommandLine;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Options;
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
