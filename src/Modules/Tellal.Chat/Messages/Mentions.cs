using System.Text.RegularExpressions;
using Tellal.Chat.Staff;

namespace Tellal.Chat.Messages;

/// <summary><c>@name</c> in a message: the room's members it names (never the author), each once.</summary>
internal static partial class Mentions
{
    private const int PreviewLength = 300;

    public static IEnumerable<Guid> In(string text, IReadOnlyList<RoomMember> members, Guid authorId)
    {
        var byName = members.Where(m => m.UserName is not null && m.UserId != authorId)
            .ToDictionary(m => StaffMember.Normalize(m.UserName!), m => m.UserId);
        return Mention().Matches(text)
            // A sentence may end right after the name ("thanks @cem."): names do not end with a dot.
            .Select(match => StaffMember.Normalize(match.Groups[1].Value.TrimEnd('.')))
            .Where(byName.ContainsKey)
            .Select(name => byName[name])
            .Distinct();
    }

    /// <summary>The start of the message, for the notification (whose message column is bounded).</summary>
    public static string Preview(string text) => text.Length <= PreviewLength ? text : string.Concat(text.AsSpan(0, PreviewLength - 1), "…");

    // Identity's user names: letters, digits, '.', '_' and '-'. Not inside a word or an address (a@b.c).
    [GeneratedRegex(@"(?<![A-Za-z0-9._@-])@([A-Za-z0-9._-]{3,50})")]
    private static partial Regex Mention();
}
