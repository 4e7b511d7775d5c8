namespace Tellal.Platform.Hosting;

/// <summary>Tags of the node's health checks.</summary>
public static class HealthTags
{
    /// <summary>Checks that decide readiness (<c>/health/ready</c>); other checks (Redis, SMTP) are reported but do not take a node out of rotation.</summary>
    public const string Ready = "ready";
}
