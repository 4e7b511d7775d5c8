using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Local;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// The messaging core of one node, composed as the test node composes it but without a host: no background service runs
/// unless a test starts it, the clock stands still, and the database is a SQLite file in a temporary folder whose schema
/// comes from the model. With a <see cref="RecordingTransport"/> the node behaves as on a broker; without, it uses Local.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly TempDirectory _directory;
    private readonly ServiceProvider _services;
    private readonly string _connectionString;
    private readonly List<Microsoft.Extensions.Hosting.IHostedService> _started = [];

    private InProcessNode(ServiceProvider services, RecordingTransport? transport, TempDirectory directory, TestClock clock, HandlerLog log, SaveRecorder saves)
    {
        _services = services;
        _directory = directory;
        Transport = transport;
        Clock = clock;
        Log = log;
        Saves = saves;
        _connectionString = services.GetRequiredService<StorageConnection>().ConnectionString;
    }

    public IServiceProvider Services => _services;

    public TestClock Clock { get; }

    public HandlerLog Log { get; }

    public SaveRecorder Saves { get; }

    /// <summary>Null on the Local transport.</summary>
    public RecordingTransport? Transport { get; }

    public NodeIdentity Identity => _services.GetRequiredService<NodeIdentity>();

    internal MessageDispatcher Dispatcher => _services.GetRequiredService<MessageDispatcher>();

    /// <param name="settings">Extra configuration, e.g. <c>Tellal:Messaging:MaxDeliveries</c>.</param>
    public static async Task<InProcessNode> CreateAsync(bool broker = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var transport = broker ? new RecordingTransport() : null;
        var node = Build(transport, settings);
        await using var scope = node._services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.EnsureCreatedAsync();
        return node;
    }

    private static InProcessNode Build(RecordingTransport? transport, IReadOnlyDictionary<string, string?>? settings)
    {
        var directory = new TempDirectory();
        var values = new Dictionary<string, string?>
        {
            ["Tellal:DataDirectory"] = directory.Path,
            // No jitter by default: the tests compare due times exactly.
            ["Tellal:Messaging:Retry:Jitter"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.None));
        services.AddSingleton(new NodeIdentity("in-process"));
        services.AddSingleton(RoleSet.All);
        services.AddSingleton<StartupGate>();
        var clock = new TestClock();
        services.AddSingleton<TimeProvider>(clock);
        var log = new HandlerLog();
        var saves = new SaveRecorder();
        services.AddSingleton(log);
        services.AddSingleton<IInterceptor>(saves);
        services.AddTellalStorage(configuration, migrationsAssembly: null);
        if (transport is not null)
        {
            services.AddSingleton<ITransport>(transport);
        }

        services.AddTellalMessaging(runBackgroundWork: false);
        services.AddSingleton<IModelContributor, NoteModel>();
        services.AddMessageQueue(TestQueues.Pings);
        services.AddMessageQueue(TestQueues.Audit);
        services.AddMessageHandler<Ping, PingHandler>(TestQueues.Pings.Name);
        services.AddBatchMessageHandler<Chunk, ChunkBatchHandler>(TestQueues.Pings.Name);
        services.AddMessageHandler<Ping, PingHandler>(TestQueues.Audit.Name);
        services.AddMessageHandler<Pong, PongHandler>(TestQueues.Audit.Name);
        return new InProcessNode(services.BuildServiceProvider(), transport, directory, clock, log, saves);
    }

    /// <summary>An envelope as a publisher would have made it, first attempt unless told otherwise.</summary>
    public Envelope Envelope<TMessage>(TMessage message, int attempt = 1, Guid? id = null)
        where TMessage : class => new()
    {
        Id = id ?? Guid.CreateVersion7(),
        Source = Identity.Source,
        Type = MessageRegistry.TypeNameOf(typeof(TMessage)),
        Time = Clock.Now,
        Attempt = attempt,
        Data = System.Text.Json.JsonSerializer.Serialize(message, OutboxPublisher.Json),
    };

    /// <summary>Dispatches deliveries as a transport would and returns the settlements.</summary>
    public Task<IReadOnlyList<Settlement>> DispatchAsync(QueueDefinition queue, params IncomingMessage[] deliveries) =>
        Dispatcher.DispatchAsync(queue, deliveries, CancellationToken.None);

    /// <summary>Runs <paramref name="work"/> in a fresh scope (one unit of work).</summary>
    public async Task<T> InScopeAsync<T>(Func<TellalDbContext, IServiceProvider, Task<T>> work)
    {
        await using var scope = _services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), scope.ServiceProvider);
    }

    public Task<List<T>> AllAsync<T>()
        where T : class =>
        InScopeAsync((db, _) => db.Set<T>().AsNoTracking().ToListAsync());

    public async Task<List<string>> NoteKeysAsync() => (await AllAsync<Note>()).Select(n => n.Key).Order().ToList();

    public Task<List<OutboxMessage>> OutboxAsync() => AllAsync<OutboxMessage>();

    public Task<List<InboxEntry>> InboxAsync() => AllAsync<InboxEntry>();

    public Task<List<DeadLetter>> DeadLettersAsync() => AllAsync<DeadLetter>();

    public Task<List<LocalQueueMessage>> LocalQueueAsync() => AllAsync<LocalQueueMessage>();

    public Task<List<DeliveryCount>> DeliveryCountsAsync() => AllAsync<DeliveryCount>();

    /// <summary>Starts this node's <see cref="CommittedMessageSender"/>, as the host would once the node is ready.</summary>
    internal async Task<CommittedMessageSender> StartSenderAsync()
    {
        var sender = _services.GetRequiredService<CommittedMessageSender>();
        _services.GetRequiredService<StartupGate>().Open();
        await sender.StartAsync(CancellationToken.None);
        _started.Add(sender);
        // It reserves rows only once it runs (ExecuteAsync runs in the background).
        var running = typeof(CommittedMessageSender).GetField("_running", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)
            ?? throw new InvalidOperationException("CommittedMessageSender has no _running field any more: update the test helper.");
        await Eventually.HoldsAsync(() => Task.FromResult((bool)running.GetValue(sender)!), "the sender runs", TimeSpan.FromSeconds(30));
        return sender;
    }

    /// <summary>A relay of this node; a test runs its rounds itself.</summary>
    internal OutboxRelay Relay() => ActivatorUtilities.CreateInstance<OutboxRelay>(_services);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _started)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
        _directory.Dispose();
    }
}
