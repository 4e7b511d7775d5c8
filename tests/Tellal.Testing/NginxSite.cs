namespace Tellal.Testing;

/// <summary>
/// The test Nginx serving the deployment's site config (deploy/nginx/tellal.conf) on a port of its own, in front of the
/// web nodes a harness names. One site at a time: tellal.conf includes tellal.d/*.conf from a fixed place, so the
/// harnesses that use it run in collections without parallelization (and their projects run alone, TellalTestSerial).
/// </summary>
public sealed class NginxSite(int port)
{
    private static string SiteFile => Path.Combine(TestEnvironment.NginxConfDir, "tellal-cluster.conf");

    /// <summary>tellal.conf includes tellal.d/*.conf relative to nginx.conf, which is the parent of conf.d.</summary>
    private static string SiteIncludes => Path.Combine(TestEnvironment.NginxConfDir, "..", "tellal.d");

    public Uri Address => new($"http://127.0.0.1:{port}");

    /// <summary>Points Nginx at these web nodes (the others leave the upstream) and waits until it answers through them.</summary>
    public Task RouteAsync(params TellalProcess[] webNodes) => RouteAsync(webNodes, new Dictionary<string, TellalProcess>());

    /// <summary>
    /// As <see cref="RouteAsync(TellalProcess[])"/>, and a browser sending the cookie <c>tellal_node=&lt;name&gt;</c> is
    /// pinned to the node <paramref name="pins"/> gives that name (the deployment's pins.conf; its name should be the
    /// node's own, Tellal:NodeName, which it sends in the Tellal-Node header).
    /// </summary>
    public async Task RouteAsync(IReadOnlyList<TellalProcess> webNodes, IReadOnlyDictionary<string, TellalProcess> pins)
    {
        Directory.CreateDirectory(SiteIncludes);
        await File.WriteAllTextAsync(Path.Combine(SiteIncludes, "listen.conf"), $"listen 127.0.0.1:{port};\n");
        await File.WriteAllLinesAsync(Path.Combine(SiteIncludes, "upstream.conf"),
            webNodes.Select(node => $"server {node.BaseAddress.Authority} max_fails=1 fail_timeout=2s;"));
        await File.WriteAllLinesAsync(Path.Combine(SiteIncludes, "pins.conf"), pins.Select(pin => $"\"{pin.Key}\" {pin.Value.BaseAddress.Authority};"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "deploy", "nginx", "tellal.conf"), SiteFile, overwrite: true);
        await Services.ReloadNginxAsync();
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // the reloaded workers are not listening yet
            }
        }, "Nginx answers through the web nodes", TimeSpan.FromSeconds(30));
    }

    /// <summary>Takes the site out of Nginx.</summary>
    public static async Task RemoveAsync()
    {
        File.Delete(SiteFile);
        await Services.ReloadNginxAsync();
    }
}
