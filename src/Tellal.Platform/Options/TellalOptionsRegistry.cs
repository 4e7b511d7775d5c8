namespace Tellal.Platform.Options;

/// <summary>Every options section Tellal binds, so `tellal config` can print the effective configuration.</summary>
public sealed class TellalOptionsRegistry
{
    private readonly List<(string Section, Type Type)> _sections = [];

    public IReadOnlyList<(string Section, Type Type)> Sections => _sections;

    internal void Add(string section, Type type)
    {
        if (!_sections.Contains((section, type)))
        {
            _sections.Add((section, type));
        }
    }
}
