using System.CommandLine;
using Tellal.Telemetry.Keys;

namespace Tellal.Cli;

/// <summary><c>tellal telemetry keys add|list|revoke</c>: the keys the players' apps send their events with.</summary>
internal static class TelemetryCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Manages the app keys of the telemetry ingest API (X-Api-Key).");
        keys.Subcommands.Add(Add());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Revoke());
        return new Command("telemetry", "Administers telemetry ingest.") { keys };
    }

    private static Command Add()
    {
        var app = new Option<string>("--app") { Description = $"The app the key is for: {AppKeyStore.AppNameRule}.", Required = true };
        app.Validators.Add(result =>
        {
            if (!AppKeyStore.IsValidAppName(result.GetValueOrDefault<string>()))
            {
                result.AddError($"--app must be {AppKeyStore.AppNameRule}.");
            }
        });
        var command = new Command("add", "Makes a key for an app and prints it once, on the last line.") { app };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var (key, secret) = await services.GetRequiredService<AppKeyStore>().AddAsync(parse.GetValue(app)!, ct);
            Console.WriteLine($"Key {key.Id} added for app {key.App}. It is shown only now; store it where the app reads it:");
            Console.WriteLine(secret);
            return 0;
        }, ct));
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "Lists the keys (never the keys themselves): id, app, prefix, created, revoked.");
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var keys = await services.GetRequiredService<AppKeyStore>().ListAsync(ct);
            Console.WriteLine($"{"ID",-36}  {"APP",-24}  {"PREFIX",-10}  {"CREATED (UTC)",-19}  REVOKED (UTC)");
            foreach (var key in keys)
            {
                Console.WriteLine($"{key.Id,-36}  {key.App,-24}  {key.Prefix,-10}  {key.CreatedAt:yyyy-MM-dd HH:mm:ss}  {key.RevokedAt:yyyy-MM-dd HH:mm:ss}");
            }

            Console.WriteLine($"{keys.Count} key(s).");
            return 0;
        }, ct));
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<Guid>("id") { Description = "The key's id, as 'list' shows it." };
        var command = new Command("revoke", "Revokes a key: requests with it are refused from now on.") { id };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            if (!await services.GetRequiredService<AppKeyStore>().RevokeAsync(parse.GetValue(id), ct))
            {
                await Console.Error.WriteLineAsync("No such key, or it was already revoked.");
                return 1;
            }

            Console.WriteLine("Key revoked.");
            return 0;
        }, ct));
        return command;
    }
}
