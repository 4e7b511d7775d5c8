using System.Diagnostics;
using System.Text.Json;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Outbox;

internal sealed class OutboxPublisher(TellalDbContext db, OutboxWriter writer, NodeIdentity node, TimeProvider time, MessagingMetrics metrics) : IMessagePublisher
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid Publish<TMessage>(TMessage message, PublishOptions? options = null)
        where TMessage : class
    {
        options ??= new PublishOptions();
        var envelope = new Envelope
        {
            Id = options.MessageId ?? Guid.CreateVersion7(),
            Source = node.Source,
            Type = MessageRegistry.TypeNameOf(typeof(TMessage)),
            Time = time.GetUtcNow(),
            Subject = options.Subject,
            TraceParent = Activity.Current?.Id,
            Priority = options.Priority,
            Data = JsonSerializer.Serialize(message, Json),
        };
        writer.Add(db, envelope, destination: null, options.NotBefore ?? envelope.Time);
        metrics.Published(envelope.Type);
        return envelope.Id;
    }

}
