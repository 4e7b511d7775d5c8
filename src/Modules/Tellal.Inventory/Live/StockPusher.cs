using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tellal.Inventory.Live;

/// <summary>
/// Runs on web nodes: once a change is pending, waits <see cref="InventoryOptions.PushWindow"/> for more, then pushes
/// the newest of each game in one <c>stock</c> call to every stock connection. With Redis that one call goes through
/// SignalR's backplane to every web node's connections (as the popups and chat do), without it it stays in the process.
/// Best effort, like every push: a send that fails is logged and dropped, and <c>GET /api/inventory</c> stays the truth.
/// </summary>
internal sealed partial class StockPusher(
    StockNews news, IHubContext<StockHub> hub, IOptions<InventoryOptions> options, TimeProvider time, ILogger<StockPusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await news.WaitAsync(stoppingToken);
            await Task.Delay(options.Value.PushWindow, time, stoppingToken);
            var changes = news.Take();
            try
            {
                await hub.Clients.All.SendAsync(StockHub.StockMethod, changes, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A push must never take its node down (a background service that throws stops the host).
                LogNotPushed(logger, exception, changes.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stock changes of {Games} game(s) not pushed")]
    private static partial void LogNotPushed(ILogger logger, Exception exception, int games);
}
