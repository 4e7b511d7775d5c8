using StackExchange.Redis;

namespace Tellal.Extensions;

/// <summary>
/// What web nodes share through Redis when <c>ConnectionStrings:redis</c> is set: SignalR's backplane, so a popup
/// sent by any node reaches the node that holds the user's connection. (Data-protection keys, which sign cookies
/// and antiforgery tokens, are shared through the database by the Identity module, in every mode.)
/// </summary>
public static class SharedStateExtensions
{
    public const string RedisConnectionName = "redis";

    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder;
        }

        var options = ConfigurationOptions.Parse(redis);
        // Keep trying in the background: a node must start (and say "not ready") while Redis is down.
        options.AbortOnConnectFail = false;
        options.ChannelPrefix = RedisChannel.Literal("tellal");
        builder.Services.AddSignalR().AddStackExchangeRedis(signalR => signalR.Configuration = options);
        // One instance (and so one connection) for the life of the node, disposed with it.
        builder.Services.AddSingleton(_ => new RedisHealthCheck(options.Clone()));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name);
        return builder;
    }
}
