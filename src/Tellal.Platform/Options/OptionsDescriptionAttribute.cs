namespace Tellal.Platform.Options;

/// <summary>Marks an options property whose value must never be printed (passwords, keys, tokens).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
