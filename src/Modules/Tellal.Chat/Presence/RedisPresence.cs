using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tellal.Platform.Hosting;

namespace Tellal.Chat.Presence;

/// <summary>
/// Presence shared by the web nodes through Redis. Each user has one key, <c>tellal:chat:presence:{userId}</c>: a sorted
/// set of that user's connections scored by when each stops counting, with a TTL of its own. The node holding a
/// connection pushes both forward every <see cref="ChatOptions.PresenceRefresh"/>; a closed connection is removed at
/// once. A node that dies refreshes nothing: its connections stop counting within <see cref="ChatOptions.PresenceTtl"/>
/// and the key of a user with no other connection expires, so no ghost stays online.
/// </summary>
internal sealed class RedisPresence(RedisConnection redis, IOptions<ChatOptions> options, TimeProvider time, ILogger<RedisPresence> logger)
    : BackgroundService, IChatPresence
{
    private readonly ConcurrentDictionary<string, Guid> _connections = new(StringComparer.Ordinal);

    public async Task ConnectedAsync(Guid userId, string connectionId)
    {
        _connections[connectionId] = userId;
        var db = (await redis.ConnectAsync()).GetDatabase();
        var batch = db.CreateBatch();
        var writes = Touch(batch, userId, [connectionId]);
        batch.Execute();
        await Task.WhenAll(writes);
    }

    public async Task DisconnectedAsync(Guid userId, string connectionId)
    {
        _connections.TryRemove(connectionId, out _);
        var db = (await redis.ConnectAsync()).GetDatabase();
        await db.SortedSetRemoveAsync(Key(userId), connectionId);
    }

    public async Task<IReadOnlySet<Guid>> OnlineAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var db = (await redis.ConnectAsync()).GetDatabase();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = db.CreateBatch();
        var counts = userIds.Select(id => (id, count: batch.SortedSetLengthAsync(Key(id), min: now))).ToList();
        batch.Execute();
        var lengths = await Task.WhenAll(counts.Select(c => c.count));
        return counts.Where((_, i) => lengths[i] > 0).Select(c => c.id).ToHashSet();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceRefresh, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is away: the keys run out, and the next tick after it returns puts them back.
                logger.LogWarning(exception, "Could not refresh chat presence in Redis");
            }
        }
    }

    private async Task RefreshAsync()
    {
        if (_connections.IsEmpty)
        {
            return;
        }

        var db = (await redis.ConnectAsync()).GetDatabase();
        var batch = db.CreateBatch();
        var writes = _connections.GroupBy(c => c.Value, c => c.Key).SelectMany(user => Touch(batch, user.Key, [.. user])).ToList();
        batch.Execute();
        await Task.WhenAll(writes);
    }

    /// <summary>Moves the connections' ends forward, drops the user's ended ones (a dead node's) and renews the key's TTL.</summary>
    private List<Task> Touch(IBatch batch, Guid userId, string[] connectionIds)
    {
        var ttl = options.Value.PresenceTtl;
        var now = time.GetUtcNow();
        var key = Key(userId);
        var until = (now + ttl).ToUnixTimeMilliseconds();
        return
        [
            batch.SortedSetAddAsync(key, connectionIds.Select(id => new SortedSetEntry(id, until)).ToArray()),
            batch.SortedSetRemoveRangeByScoreAsync(key, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), Exclude.Stop),
            batch.KeyExpireAsync(key, ttl),
        ];
    }

    private static RedisKey Key(Guid userId) => $"tellal:chat:presence:{userId:N}";
}
