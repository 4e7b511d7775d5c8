namespace Tellal.Platform.Roles;

/// <summary>The roles this process runs, parsed from <c>--roles</c> ("all" or a comma-separated list).</summary>
public sealed class RoleSet
{
    private readonly HashSet<string> _names;

    private RoleSet(IEnumerable<TellalRole> roles)
    {
        Roles = roles.ToArray();
        _names = Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<TellalRole> Roles { get; }

    public static RoleSet All { get; } = new(TellalRole.All);

    /// <summary>No role at all: used by CLI commands, which need services but no background work.</summary>
    public static RoleSet None { get; } = new([]);

    public bool Runs(TellalRole role) => _names.Contains(role.Name);

    public static RoleSet Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "all")
        {
            return All;
        }

        var roles = new List<TellalRole>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var role = TellalRole.All.FirstOrDefault(r => r.Name == name)
                ?? throw new ArgumentException(
                    $"Unknown role '{name}'. Known roles: all, {string.Join(", ", TellalRole.All.Select(r => r.Name))}.");
            if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }

        return new RoleSet(roles);
    }

    public override string ToString() => Roles.Count == TellalRole.All.Count ? "all" : string.Join(",", Roles);
}
