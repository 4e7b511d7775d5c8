using System.CommandLine;
using Tellal.Messaging.DeadLetters;

namespace Tellal.Cli;

internal static class DeadLettersCommand
{
    public static Command Create()
    {
        var command = new Command("dead-letters", "Lists, shows and replays messages that failed for good.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Replay());
        return command;
    }

    private static Command List()
    {
        var all = new Option<bool>("--all") { Description = "Include dead letters that were already replayed." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("list", "Lists dead letters, newest first.") { all, limit };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var letters = await services.GetRequiredService<DeadLetterStore>().ListAsync(parse.GetValue(limit), parse.GetValue(all), ct);
            Console.WriteLine($"{"ID",-36}  {"FAILED AT (UTC)",-19}  {"ATTEMPTS",8}  {"QUEUE",-20}  {"TYPE",-40}  REASON");
            foreach (var letter in letters)
            {
                var replayed = letter.ReplayedAt is null ? "" : " (replayed)";
                Console.WriteLine($"{letter.Id,-36}  {letter.FailedAt:yyyy-MM-dd HH:mm:ss}  {letter.Attempts,8}  {letter.Queue,-20}  {letter.Type,-40}  {letter.Reason}{replayed}");
            }

            Console.WriteLine($"{letters.Count} dead letter(s).");
            return 0;
        }, ct));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<Guid>("id") { Description = "The dead letter's id." };
        var command = new Command("show", "Shows one dead letter with its data and exception.") { id };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var letter = await services.GetRequiredService<DeadLetterStore>().FindAsync(parse.GetValue(id), ct);
            if (letter is null)
            {
                await Console.Error.WriteLineAsync("No such dead letter.");
                return 1;
            }

            var s = letter.Summary;
            Console.WriteLine($"""
                id:          {s.Id}
                message id:  {s.MessageId}
                type:        {s.Type}
                queue:       {s.Queue}
                subject:     {s.Subject}
                source:      {letter.Source}
                time:        {letter.Time:O}
                priority:    {letter.Priority}
                attempts:    {s.Attempts}
                failed at:   {s.FailedAt:O}
                replayed at: {s.ReplayedAt:O}
                reason:      {s.Reason}
                data:        {letter.Data}
                exception:
                {letter.Exception}
                """);
            return 0;
        }, ct));
        return command;
    }

    private static Command Replay()
    {
        var id = new Argument<Guid>("id") { Description = "The dead letter's id." };
        var command = new Command("replay", "Sends a dead letter again to the queue it failed in.") { id };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var outcome = await services.GetRequiredService<DeadLetterStore>().ReplayAsync(parse.GetValue(id), ct);
            (string text, int code) = outcome switch
            {
                ReplayOutcome.Replayed => ("Replayed: the message is back in its queue.", 0),
                ReplayOutcome.AlreadyReplayed => ("This dead letter was already replayed.", 1),
                _ => ("No such dead letter.", 1),
            };
            await (code == 0 ? Console.Out : Console.Error).WriteLineAsync(text);
            return code;
        }, ct));
        return command;
    }
}
