namespace Tellal.Platform.Hosting.Coordination;

/// <summary>The subscribers of one topic, replaced whole on subscribe so delivery never locks or sees a half-added list.</summary>
internal sealed record ImmutableHandlers(Action<string>[] All)
{
    public void Deliver(string message)
    {
        foreach (var handler in All)
        {
            handler(message);
        }
    }
}
