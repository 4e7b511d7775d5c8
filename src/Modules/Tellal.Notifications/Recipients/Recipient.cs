namespace Tellal.Notifications.Recipients;

/// <summary>This module's own copy of who can be notified, kept from Identity's UserRegistered events.</summary>
public sealed class Recipient
{
    public Guid UserId { get; set; }
    public string UserName { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>Comma-separated roles, for notifications addressed to a role (e.g. every approver).</summary>
    public string Roles { get; set; } = "";
}
