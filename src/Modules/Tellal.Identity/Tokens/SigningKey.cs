namespace Tellal.Identity.Tokens;

/// <summary>The generated token-signing key, stored once so that every node validates every other node's tokens.</summary>
public sealed class SigningKey
{
    public string Id { get; set; } = "";
    public string Key { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
