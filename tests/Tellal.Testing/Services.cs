using System.Diagnostics;
using Xunit;

namespace Tellal.Testing;

/// <summary>Stops and starts the servers eng/test.sh runs, for failure drills. Tests using it must not run in parallel.</summary>
public static class Services
{
    public static Task StopAsync(string service) => RunAsync("stop", service);

    public static Task StartAsync(string service) => RunAsync("start", service);

    /// <summary>A crash: SIGKILL (PostgreSQL: an immediate shutdown); <see cref="StartAsync"/> recovers.</summary>
    public static Task KillAsync(string service) => RunAsync("kill", service);

    /// <summary>Nginx re-reads its configuration (tests write their sites into <see cref="TestEnvironment.NginxConfDir"/>).</summary>
    public static Task ReloadNginxAsync() => RunAsync("reload", "nginx");

    private static async Task RunAsync(string command, string service)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(TestEnvironment.ServicesScript);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(service);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"services.sh {command} {service} failed:\n{await output}\n{await errors}");
    }
}
