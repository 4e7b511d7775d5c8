using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tellal.Cli.Simulate;

/// <summary>
/// <c>tellal simulate rentals|telemetry</c>: load on a running installation through its HTTP API, as clerks or the
/// players' apps make it.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var command = new Command("simulate", "Drives a running installation's HTTP API as its users would, and measures it.");
        command.Subcommands.Add(Rentals());
        command.Subcommands.Add(Telemetry());
        return command;
    }

    private static Command Rentals()
    {
        var url = UrlOption();
        var user = new Option<string>("--user") { Description = "A user with the Clerk or Admin role.", Required = true };
        var password = new Option<string>("--password") { Description = "Its password.", Required = true };
        var rate = Positive(new Option<double>("--rate") { Description = "Orders per second, sent on schedule whatever the answers take (open loop).", Required = true });
        var duration = Positive(new Option<int>("--duration") { Description = "Seconds to send orders for.", Required = true });
        var games = Positive(new Option<int>("--games") { Description = "Games to rent, the first ones of the stock list.", DefaultValueFactory = _ => 10 });
        var clients = Positive(new Option<int>("--clients") { Description = "Clerks' connections the orders are spread over.", DefaultValueFactory = _ => 4 });
        var customers = Positive(new Option<int>("--customers") { Description = "Customers 1..N to rent to (the ids the company's data has).", DefaultValueFactory = _ => 100 });
        var wait = Positive(new Option<int>("--wait") { Description = "Seconds to wait, once the orders are sent, for them to be decided.", DefaultValueFactory = _ => 120 });
        var command = new Command("rentals", "Places rental orders at a steady rate, waits for their outcome and prints counts, throughput and latency.")
        {
            url, user, password, rate, duration, games, clients, customers, wait,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new RentalSimulationSettings(parse.GetValue(url)!, parse.GetValue(user)!, parse.GetValue(password)!, parse.GetValue(rate),
                TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(games), parse.GetValue(clients), parse.GetValue(customers),
                TimeSpan.FromSeconds(parse.GetValue(wait)));
            var summary = await RentalSimulation.RunAsync(settings, Console.Out, ct);
            Console.WriteLine(summary);
            // Orders still pending or refused mean the installation did not keep up or said no: a script must see it.
            return summary.StillPending == 0 && summary.Refused == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Telemetry()
    {
        var url = UrlOption();
        var key = new Option<string>("--key")
        {
            Description = $"The app key (tellal telemetry keys add); defaults to the {KeyVariable} environment variable, which keeps it out of the process list.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(KeyVariable) ?? "",
        };
        key.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError($"An app key is needed: --key or {KeyVariable}.");
            }
        });
        var devices = Positive(new Option<int>("--devices") { Description = "Devices (one player each) the requests come from, in turn.", Required = true });
        var rate = Positive(new Option<double>("--rate") { Description = "Events per second, sent on schedule whatever the answers take (open loop).", Required = true });
        var duration = Positive(new Option<int>("--duration") { Description = "Seconds to send events for.", Required = true });
        var duplicates = Share(new Option<double>("--duplicates") { Description = "Share of accepted requests sent once more, as by an app that missed the answer (0.05 = 5%).", DefaultValueFactory = _ => 0.05 });
        var batch = Positive(new Option<int>("--batch") { Description = "Events per request (the ingest API takes up to 1,000).", DefaultValueFactory = _ => 100 });
        var clients = Positive(new Option<int>("--clients") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 16 });
        var purchases = Share(new Option<double>("--purchases") { Description = "Share of events that are purchases with a store receipt.", DefaultValueFactory = _ => 0.02 });
        var badReceipts = Share(new Option<double>("--bad-receipts") { Description = "Share of receipts that are deliberately invalid.", DefaultValueFactory = _ => 0.1 });
        var giveUp = Positive(new Option<int>("--give-up") { Description = "Seconds one request is retried (after failures, 5xx, 429) before its events count as undelivered.", DefaultValueFactory = _ => 300 });
        var command = new Command("telemetry", "Sends players' events as the game apps do (batches, retries with the same eventIds, resent duplicates, purchases) and prints what was sent.")
        {
            url, key, devices, rate, duration, duplicates, batch, clients, purchases, badReceipts, giveUp,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new TelemetrySimulationSettings(parse.GetValue(url)!, parse.GetValue(key)!, parse.GetValue(devices), parse.GetValue(rate),
                TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(duplicates), parse.GetValue(batch), parse.GetValue(clients),
                parse.GetValue(purchases), parse.GetValue(badReceipts), TimeSpan.FromSeconds(parse.GetValue(giveUp)));
            var summary = await TelemetrySimulation.RunAsync(settings, Console.Out, ct);
            Console.WriteLine(summary);
            // Events refused or never delivered were not all taken: a script must see it.
            return summary.Refused == 0 && summary.Undelivered == 0 ? 0 : 1;
        });
        return command;
    }

    private const string KeyVariable = "TELLAL_TELEMETRY_KEY";

    private static Option<Uri> UrlOption() => new("--url")
    {
        Description = "A node or the proxy in front of the nodes, e.g. http://localhost:8080.",
        Required = true,
        CustomParser = ParseHttpUrl,
    };

    private static Option<double> Share(Option<double> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0 or > 1)
            {
                result.AddError($"{option.Name} must be a share between 0 and 1.");
            }
        });
        return option;
    }

    /// <summary>System.CommandLine has no parser of its own for <see cref="Uri"/>; only an absolute http(s) address can be driven.</summary>
    private static Uri? ParseHttpUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[^1].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--url must be an http:// or https:// address, not '{text}'.");
        return null;
    }

    private static Option<T> Positive<T>(Option<T> option)
        where T : System.Numerics.INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() <= T.Zero)
            {
                result.AddError($"{option.Name} must be more than 0.");
            }
        });
        return option;
    }
}
