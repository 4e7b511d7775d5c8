using System.Text.RegularExpressions;

namespace Tellal.Chat.Rooms;

/// <summary>Channel names: lower-case letters, digits and dashes, as people type them after '#'.</summary>
internal static partial class ChannelName
{
    public const int MaxLength = 40;
    public const string Rule = "1 to 40 characters: lower-case letters, digits and dashes, starting with a letter or digit.";

    /// <summary>The name without a leading '#', or null when it breaks the rule.</summary>
    public static string? Parse(string? name)
    {
        var bare = name?.Trim().TrimStart('#') ?? "";
        return Valid().IsMatch(bare) ? bare : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex Valid();
}
