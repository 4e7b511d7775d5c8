namespace Tellal.Contracts;

/// <summary>
/// The stable wire name of a message contract (the CloudEvents <c>type</c>). Renaming the C# record must not
/// change it; a breaking change gets a new version suffix.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
