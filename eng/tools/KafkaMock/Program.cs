using System.Globalization;
using KafkaMock;

// librdkafka's mock cluster as a long-lived process, for development and tests only: it keeps every message in memory
// (and drops a partition's oldest data beyond a few MiB), and it is gone when the process ends. eng/services.sh starts it.
//
//   KafkaMock [--brokers 3] [--control-port 17092] [--bootstrap-file PATH]
//
// The bootstrap servers (ephemeral loopback ports) are printed and written to --bootstrap-file once the cluster and its
// control API (ControlApi.cs, HTTP on 127.0.0.1:<control-port>) are up. SIGTERM stops it.
var brokers = int.Parse(Option("--brokers") ?? "3", CultureInfo.InvariantCulture);
var controlPort = Option("--control-port") ?? "17092";
var bootstrapFile = Option("--bootstrap-file");

var cluster = MockCluster.Start(brokers);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://127.0.0.1:{controlPort}");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
ControlApi.Map(app, cluster);
await app.StartAsync();

if (bootstrapFile is not null)
{
    // Written whole, then renamed: whoever waits for the file never reads half of it.
    File.WriteAllText(bootstrapFile + ".tmp", cluster.BootstrapServers);
    File.Move(bootstrapFile + ".tmp", bootstrapFile, overwrite: true);
}

Console.WriteLine($"Kafka mock cluster: {brokers} brokers at {cluster.BootstrapServers}; control API http://127.0.0.1:{controlPort}/ (memory only)");
await app.WaitForShutdownAsync();

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
