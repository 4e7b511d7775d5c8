using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;

// A consumer node (default), or with Test:PublishCount a publisher that commits one message per transaction
// and prints "COMMITTED <key>" after each commit, so a test can kill it at any moment and check nothing is lost.
var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
using var host = TestNodeHost.Build(configuration);
var publishCount = configuration.GetValue("Test:PublishCount", 0);
if (publishCount == 0)
{
    Console.WriteLine("STARTED");
    await host.RunAsync();
    return;
}

await host.StartAsync();
for (var i = 0; i < publishCount; i++)
{
    await using var scope = host.Services.CreateAsyncScope();
    var key = $"k{i}";
    scope.ServiceProvider.GetRequiredService<IMessagePublisher>().Publish(new RecordEffect(key));
    await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
    Console.WriteLine($"COMMITTED {key}");
}

Console.WriteLine("DONE");
await host.WaitForShutdownAsync();
