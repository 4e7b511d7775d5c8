using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;
using Tellal.Platform.Options;

namespace Tellal.Extensions;

/// <summary>
/// What every web node must share. Data-protection keys (they sign cookies and antiforgery tokens): in the data
/// directory for the embedded default, in Redis when <c>ConnectionStrings:redis</c> is set, so a user signed in on
/// one node is signed in on all. With Redis, SignalR also uses it as its backplane: a popup sent by any node reaches
/// the node that holds the user's connection.
/// </summary>
public static class SharedStateExtensions
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder, TellalOptions tellal)
    {
        var services = builder.Services;
        var dataProtection = services.AddDataProtection().SetApplicationName("tellal");
        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(tellal.ResolveDataDirectory(), "keys")));
            return builder;
        }

        var options = ConfigurationOptions.Parse(redis);
        // Keep trying in the background: a node must start (and say "not ready") while Redis is down.
        options.AbortOnConnectFail = false;
        var multiplexer = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        services.AddSingleton(_ => multiplexer.Value);
        dataProtection.PersistKeysToStackExchangeRedis(() => multiplexer.Value.GetDatabase(), "tellal:data-protection-keys");
        services.AddSignalR().AddStackExchangeRedis(signalR =>
        {
            signalR.Configuration = options.Clone();
            signalR.Configuration.ChannelPrefix = RedisChannel.Literal("tellal");
        });
        return builder;
    }
}
