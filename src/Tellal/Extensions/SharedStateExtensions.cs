using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// What web nodes share through Redis when <c>ConnectionStrings:redis</c> is set, over one connection per process:
/// SignalR's backplane (a popup sent by any node reaches the node that holds the user's connection) and the sign-in
/// sessions (the Identity module's ticket store). Data-protection keys, which sign cookies and antiforgery tokens,
/// are shared through the database by the Identity module, in every mode.
/// </summary>
public static class SharedStateExtensions
{
    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString(RedisConnection.Name);
        if (string.IsNullOrWhiteSpace(redis))
        {
            return builder;
        }

        var connection = new RedisConnection(redis);
        builder.Services.AddSingleton(connection);
        builder.Services.AddSignalR().AddStackExchangeRedis(signalR => signalR.ConnectionFactory = _ => connection.ConnectAsync());
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name);
        return builder;
    }
}
