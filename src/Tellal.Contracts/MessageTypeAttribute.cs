// The attribute lives in this dependency-free assembly so that contracts need nothing else, but keeps the namespace it
// always had: code that names it (modules, tests, the peer benchmark's adapter) compiles unchanged.
namespace Tellal.Messaging.Envelopes;

/// <summary>
/// The stable wire name of a message contract (the CloudEvents <c>type</c>). Renaming the C# record must not
/// change it; a breaking change gets a new version suffix.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
