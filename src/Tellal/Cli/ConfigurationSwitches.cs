namespace Tellal.Cli;

/// <summary>
/// The tokens the command line leaves to configuration, checked before anything runs: a typo must not start a
/// node (or run a command) with a setting silently ignored. A switch is what .NET's command-line configuration
/// understands, <c>--Key=value</c> or <c>--Key value</c>, where the key is hierarchical (<c>--Tellal:DataDirectory=...</c>,
/// <c>--ConnectionStrings:postgres ...</c>) or one of the host's own flat settings (<c>--urls</c>, <c>--environment</c>, ...).
/// </summary>
internal static class ConfigurationSwitches
{
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        WebHostDefaults.ServerUrlsKey,
        WebHostDefaults.HttpPortsKey,
        WebHostDefaults.HttpsPortsKey,
        WebHostDefaults.EnvironmentKey,
        WebHostDefaults.ContentRootKey,
        WebHostDefaults.ApplicationKey,
        WebHostDefaults.WebRootKey,
        WebHostDefaults.DetailedErrorsKey,
        WebHostDefaults.ShutdownTimeoutKey,
        WebHostDefaults.PreventHostingStartupKey,
        WebHostDefaults.HostingStartupAssembliesKey,
        WebHostDefaults.HostingStartupExcludeAssembliesKey,
        "AllowedHosts",
    };

    /// <summary>One message per token that is neither a configuration switch nor its value.</summary>
    public static IReadOnlyList<string> Errors(IReadOnlyList<string> tokens)
    {
        // Configuration written out as switches names each section too, empty (WebApplicationFactory passes
        // --Tellal= with --Tellal:DataDirectory=...): a section of a setting given here is no typo.
        var sections = tokens.Where(t => t.StartsWith("--", StringComparison.Ordinal) && t.Contains(':', StringComparison.Ordinal))
            .Select(t => t[2..t.IndexOf(':', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add(token.StartsWith('-') ? $"Unknown option '{token}'." : $"Unknown command or argument '{token}'.");
                continue;
            }

            var separator = token.IndexOf('=', StringComparison.Ordinal);
            var key = separator < 0 ? token[2..] : token[2..separator];
            if (!key.Contains(':', StringComparison.Ordinal) && !HostKeys.Contains(key) && !sections.Contains(key))
            {
                errors.Add($"Unknown option '{token}' (a configuration setting is given as --Section:Key=value).");
            }
            else if (separator < 0 && i + 1 == tokens.Count)
            {
                errors.Add($"Option '{token}' needs a value.");
            }

            // Without '=' the next token is the value, whatever it looks like (as configuration reads it).
            if (separator < 0)
            {
                i++;
            }
        }

        return errors;
    }
}
