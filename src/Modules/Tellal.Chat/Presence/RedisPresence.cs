using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tellal.Chat.Live;
using Tellal.Platform.Hosting;

namespace Tellal.Chat.Presence;

/// <summary>
/// Presence shared by the web nodes through Redis. Each user has one key, <c>tellal:chat:presence:{userId}</c>: a sorted
/// set of that user's connections scored by when each stops counting, with a TTL of its own. The node holding a
/// connection pushes both forward every <see cref="ChatOptions.PresenceRefresh"/>; a closed connection is removed at
/// once. A node that dies refreshes nothing: its connections stop counting within <see cref="ChatOptions.PresenceTtl"/>
/// and the key of a user with no other connection expires, so no ghost stays online.
/// <para>
/// Changes are pushed (<see cref="PresenceBroadcast"/>). A connect or disconnect and the count before and after it run
/// as one script, so of two nodes connecting one user at once exactly one sees the first connection. Who went offline
/// because a dead node stopped refreshing is found by the sweep: <c>tellal:chat:presence:online</c> scores each online
/// user by when their presence runs out; every node looks at the users past that each tick, and the node whose script
/// removes one (its key having no live connection) announces them offline, once.
/// </para>
/// </summary>
internal sealed class RedisPresence(
    RedisConnection redis, PresenceBroadcast broadcast, IOptions<ChatOptions> options, TimeProvider time, ILogger<RedisPresence> logger)
    : BackgroundService, IChatPresence
{
    private static readonly RedisKey Online = "tellal:chat:presence:online";

    // The user's connections and the online index, changed together. Returns the live connections before and after,
    // and a version from Redis's clock (µs), one clock for every node.
    private static readonly LuaScript Change = LuaScript.Prepare("""
        local before = redis.call('ZCOUNT', @user, @now, '+inf')
        if @op == 'add' then
            redis.call('ZADD', @user, @until, @connection)
            redis.call('ZREMRANGEBYSCORE', @user, '-inf', '(' .. @now)
            redis.call('PEXPIRE', @user, @ttl)
        else
            redis.call('ZREM', @user, @connection)
        end
        local after = redis.call('ZCOUNT', @user, @now, '+inf')
        if after == 0 then
            redis.call('ZREM', @online, @id)
        elseif @op == 'add' then
            redis.call('ZADD', @online, @until, @id)
        end
        local t = redis.call('TIME')
        return { before, after, tonumber(t[1]) * 1000000 + tonumber(t[2]) }
        """);

    // A user past their time in the index: offline (removed, with a version) unless a connection is still live, in
    // which case the index takes that connection's end again.
    private static readonly LuaScript Lapse = LuaScript.Prepare("""
        local newest = redis.call('ZREVRANGE', @user, 0, 0, 'WITHSCORES')
        if newest[2] and tonumber(newest[2]) >= tonumber(@now) then
            redis.call('ZADD', @online, newest[2], @id)
            return 0
        end
        if redis.call('ZREM', @online, @id) == 0 then return 0 end
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000000 + tonumber(t[2])
        """);

    private readonly ConcurrentDictionary<string, Guid> _connections = new(StringComparer.Ordinal);

    public Task<PresenceChange?> ConnectedAsync(Guid userId, string connectionId)
    {
        _connections[connectionId] = userId;
        return ChangeAsync("add", userId, connectionId);
    }

    public Task<PresenceChange?> DisconnectedAsync(Guid userId, string connectionId)
    {
        _connections.TryRemove(connectionId, out _);
        return ChangeAsync("remove", userId, connectionId);
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
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis is away: the keys run out, and the next tick after it returns puts them back.
                logger.LogWarning(exception, "Could not refresh chat presence in Redis");
            }
        }
    }

    private async Task<PresenceChange?> ChangeAsync(string op, Guid userId, string connectionId)
    {
        var db = (await redis.ConnectAsync()).GetDatabase();
        var now = time.GetUtcNow();
        var ttl = options.Value.PresenceTtl;
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(Change, new
        {
            user = Key(userId),
            online = Online,
            op,
            connection = connectionId,
            now = now.ToUnixTimeMilliseconds(),
            until = (now + ttl).ToUnixTimeMilliseconds(),
            ttl = (long)ttl.TotalMilliseconds,
            id = userId.ToString("N"),
        }))!;
        var (before, after) = ((long)result[0], (long)result[1]);
        return (before > 0) == (after > 0) ? null : new PresenceChange(userId, after > 0, (long)result[2]);
    }

    private async Task RefreshAsync()
    {
        if (_connections.IsEmpty)
        {
            return;
        }

        var db = (await redis.ConnectAsync()).GetDatabase();
        var touched = _connections.ToArray();
        var batch = db.CreateBatch();
        var writes = touched.GroupBy(c => c.Value, c => c.Key).SelectMany(user => Touch(batch, user.Key, [.. user])).ToList();
        batch.Execute();
        await Task.WhenAll(writes);

        // A connection that closed while the batch was on its way was just written back: a ghost that would hide the
        // user's next first connection (no "online" pushed). Its own removal ran before the write; remove it again.
        foreach (var (connectionId, userId) in touched.Where(c => !_connections.ContainsKey(c.Key)))
        {
            await ChangeAsync("remove", userId, connectionId);
        }
    }

    /// <summary>Announces the users whose presence ran out without a goodbye (their node died); each by one node only.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var db = (await redis.ConnectAsync()).GetDatabase();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var lapsed in await db.SortedSetRangeByScoreAsync(Online, double.NegativeInfinity, now, Exclude.Stop))
        {
            var userId = Guid.ParseExact(lapsed.ToString(), "N");
            var version = (long)await db.ScriptEvaluateAsync(Lapse, new { user = Key(userId), online = Online, now, id = lapsed.ToString() });
            if (version > 0)
            {
                await broadcast.SendAsync(new PresenceChange(userId, false, version), null, cancellationToken);
            }
        }
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
            batch.SortedSetAddAsync(Online, userId.ToString("N"), until),
        ];
    }

    private static RedisKey Key(Guid userId) => $"tellal:chat:presence:{userId:N}";
}
