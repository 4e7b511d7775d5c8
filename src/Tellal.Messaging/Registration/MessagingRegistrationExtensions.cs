using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Messaging.Registration;

public static class MessagingRegistrationExtensions
{
    public static IServiceCollection AddMessageQueue(this IServiceCollection services, QueueDefinition queue)
    {
        Registry(services).AddQueue(queue);
        return services;
    }

    public static IServiceCollection AddMessageHandler<TMessage, THandler>(this IServiceCollection services, string queue)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage>
    {
        Registry(services).AddHandler(HandlerRegistration.Create<TMessage, THandler>(queue));
        services.AddScoped<THandler>();
        return services;
    }

    public static IServiceCollection AddBatchMessageHandler<TMessage, THandler>(this IServiceCollection services, string queue)
        where TMessage : class
        where THandler : class, IBatchMessageHandler<TMessage>
    {
        Registry(services).AddHandler(HandlerRegistration.CreateBatch<TMessage, THandler>(queue));
        services.AddScoped<THandler>();
        return services;
    }

    internal static MessageRegistry Registry(IServiceCollection services)
    {
        var descriptor = services.FirstOrDefault(d => d.ServiceType == typeof(MessageRegistry));
        if (descriptor?.ImplementationInstance is MessageRegistry registry)
        {
            return registry;
        }

        registry = new MessageRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}
