namespace Tellal.Platform.Security;

/// <summary>User roles and the authorization policies built on them, shared by every module's endpoints.</summary>
public static class TellalPolicies
{
    public const string Requester = "Requester";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    /// <summary>Counter staff: rent games out to customers and take them back.</summary>
    public const string Clerk = "Clerk";

    public static IReadOnlyList<string> UserRoles { get; } = [Requester, Approver, Admin, Clerk];
}
