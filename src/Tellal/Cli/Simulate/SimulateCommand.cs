using System.CommandLine;
using System.CommandLine.Parsing;

namespace Tellal.Cli.Simulate;

/// <summary><c>tellal simulate rentals</c>: load on a running installation through its HTTP API, as clerks make it.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var command = new Command("simulate", "Drives a running installation's HTTP API as its users would, and measures it.");
        command.Subcommands.Add(Rentals());
        return command;
    }

    private static Command Rentals()
    {
        var url = new Option<Uri>("--url")
        {
            Description = "A node or the proxy in front of the nodes, e.g. http://localhost:8080.",
            Required = true,
            CustomParser = ParseHttpUrl,
        };
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
