using System.Diagnostics;
using System.Text.Json;

namespace Tellal.ExternalReports.Tests.Infrastructure;

/// <summary>
/// The reference JavaScript implementation of Standard Webhooks (npm package <c>standardwebhooks</c>), installed
/// with npm into $TELLAL_NODE_DIR/standardwebhooks once (like eng/services.sh installs maildev) and run with node.
/// </summary>
public static class StandardWebhooksReference
{
    private const string Package = "standardwebhooks@1.0.0";

    private const string Script = """
        const { Webhook } = require("standardwebhooks");
        const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const webhook = new Webhook(input.secret);
        const results = input.deliveries.map(d => {
          try {
            webhook.verify(d.body, { "webhook-id": d.id, "webhook-timestamp": d.timestamp, "webhook-signature": d.signature });
            return true;
          } catch (e) {
            return false;
          }
        });
        process.stdout.write(JSON.stringify(results));
        """;

    /// <summary>For each delivery, whether the reference implementation accepts it.</summary>
    public static async Task<bool[]> VerifyAsync(string secret, IEnumerable<CapturedWebhook> deliveries)
    {
        var folder = await InstallAsync();
        var input = JsonSerializer.Serialize(new
        {
            secret,
            deliveries = deliveries.Select(d => new { id = d.Id, timestamp = d.Timestamp, signature = d.Signature, body = d.Body }),
        });
        var (exitCode, output) = await RunAsync("node", folder, input, "-e", Script);
        Assert.True(exitCode == 0, $"node failed: {output}");
        return JsonSerializer.Deserialize<bool[]>(output)!;
    }

    private static async Task<string> InstallAsync()
    {
        var nodeDirectory = Environment.GetEnvironmentVariable("TELLAL_NODE_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "tellal-node");
        var folder = Path.Combine(nodeDirectory, "standardwebhooks");
        if (!File.Exists(Path.Combine(folder, "node_modules", "standardwebhooks", "package.json")))
        {
            Directory.CreateDirectory(folder);
            var (exitCode, output) = await RunAsync("npm", folder, null, "install", "--no-audit", "--no-fund", "--prefix", folder, Package);
            Assert.True(exitCode == 0, $"npm install {Package} failed: {output}");
        }

        return folder;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, string folder, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
