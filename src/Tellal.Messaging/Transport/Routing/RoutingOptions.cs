using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Tellal.Messaging.Transport.Routing;

/// <summary>Which queues travel over which transport, bound from <c>Tellal:Messaging:Routing</c>.</summary>
public sealed partial record RoutingOptions : IValidatableObject
{
    /// <summary>Names a rule may give: a transport's own name, or <c>primary</c> for whichever is the primary.</summary>
    public static readonly IReadOnlySet<string> TransportNames = new HashSet<string>(StringComparer.Ordinal) { "primary", "local", "rabbitmq", "redis", "kafka" };

    [Description("Queue-name patterns ('*' matches any characters) and the transport their queues travel over: primary, local, rabbitmq, "
        + "redis or kafka. The longest matching pattern wins; a queue no pattern matches takes the primary transport (Transport; "
        + "by default RabbitMQ when ConnectionStrings:rabbitmq is set, else Local). A rule naming a transport that is not configured is ignored, so the "
        + "defaults count only once ConnectionStrings:kafka is set.")]
    public Dictionary<string, string> Queues { get; init; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rentals.*"] = "kafka",
        ["inventory.*"] = "kafka",
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (pattern, transport) in Queues)
        {
            if (!PatternSyntax().IsMatch(pattern))
            {
                yield return new ValidationResult($"'{pattern}' is not a queue-name pattern (letters, digits, '.', '-', '_' and '*').", [nameof(Queues)]);
            }

            if (!TransportNames.Contains(transport))
            {
                yield return new ValidationResult($"'{pattern}' names transport '{transport}'; use one of {string.Join(", ", TransportNames)}.", [nameof(Queues)]);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._*-]+$")]
    private static partial Regex PatternSyntax();
}
