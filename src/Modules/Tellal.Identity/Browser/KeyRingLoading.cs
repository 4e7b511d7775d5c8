using Microsoft.AspNetCore.DataProtection;
using Tellal.Platform.Hosting;

namespace Tellal.Identity.Browser;

/// <summary>
/// Loads the data protection key ring (creating the first key on a fresh database) once the schema is in place, so
/// a web node opens with working cookies and antiforgery tokens. The framework would load it as the host starts,
/// before the node has migrated the database that holds it (the host removes that hosted service).
/// </summary>
internal sealed class KeyRingLoading(IDataProtectionProvider protection) : IStartupTask
{
    public string Description => "loading the data protection keys";

    public Task RunAsync(CancellationToken cancellationToken)
    {
        // Protecting anything needs the current key: the key ring is read (and its first key stored) here.
        protection.CreateProtector(nameof(KeyRingLoading)).Protect([]);
        return Task.CompletedTask;
    }
}
