using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Coordination;

namespace Tellal.Extensions;

/// <summary>
/// What web nodes share through Redis when <c>ConnectionStrings:redis</c> is set, over one connection per process:
/// SignalR's backplane (a popup sent by any node reaches the node that holds the user's connection) and the sign-in
/// sessions (the Identity module's ticket store), and the coordination channel (news every node must hear at once,
/// such as "this user changed"; in the process without Redis). Data-protection keys, which sign cookies and antiforgery tokens,
/// are shared through the database by the Identity module, in every mode.
/// </summary>
public static class SharedStateExtensions
{
    public static IHostApplicationBuilder AddSharedState(this IHostApplicationBuilder builder)
    {
        var redis = builder.Configuration.GetConnectionString(RedisConnection.Name);
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddSingleton<ICoordinationChannel, InProcessCoordinationChannel>();
            return builder;
        }

        var connection = new RedisConnection(redis);
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton<RedisCoordinationChannel>();
        builder.Services.AddSingleton<ICoordinationChannel>(services => services.GetRequiredService<RedisCoordinationChannel>());
        builder.Services.AddHostedService(services => services.GetRequiredService<RedisCoordinationChannel>());
        builder.Services.AddSignalR().AddStackExchangeRedis(signalR => signalR.ConnectionFactory = _ => connection.ConnectAsync());
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name);
        return builder;
    }
}
