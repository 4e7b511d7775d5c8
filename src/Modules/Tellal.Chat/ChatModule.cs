using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Chat.Live;
using Tellal.Chat.Messages;
using Tellal.Chat.Presence;
using Tellal.Chat.Rooms;
using Tellal.Chat.Staff;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;

namespace Tellal.Chat;

/// <summary>Staff chat: channels and direct conversations, their history, live delivery on every web node, presence.</summary>
public sealed class ChatModule : ITellalModule
{
    /// <summary>Who the staff are, for direct conversations, membership and mentions; web nodes serve the chat.</summary>
    public const string StaffQueue = "chat.staff";

    public string Name => "chat";

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        StaffMember.Configure(modelBuilder);
        Room.Configure(modelBuilder);
        Membership.Configure(modelBuilder);
        ChatMessage.Configure(modelBuilder);
    }

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<ChatOptions>(ChatOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSignalR();
        services.Replace(ServiceDescriptor.Singleton<IUserIdProvider, SubjectUserIdProvider>());
        services.AddSingleton<ChatRateLimiter>();
        services.AddSingleton<ChatDelivery>();
        services.AddSingleton<PresenceBroadcast>();
        services.AddScoped<PostMessageHandler>();

        // The host shares one Redis connection when ConnectionStrings:redis is set; presence then spans the web nodes.
        if (string.IsNullOrWhiteSpace(module.Configuration.GetConnectionString(RedisConnection.Name)))
        {
            services.AddSingleton<IChatPresence, LocalPresence>();
        }
        else
        {
            services.AddSingleton<RedisPresence>();
            services.AddSingleton<IChatPresence>(provider => provider.GetRequiredService<RedisPresence>());
            if (module.Roles.Runs(TellalRole.Web))
            {
                services.AddHostedService(provider => provider.GetRequiredService<RedisPresence>());
            }
        }

        services.AddMessageQueue(new QueueDefinition(StaffQueue, TellalRole.Web));
        services.AddMessageHandler<UserRegistered, UserRegisteredHandler>(StaffQueue);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Every staff member chats; what each may read is decided per room (members only).
        var chat = endpoints.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization();
        ListRoomsEndpoint.Map(chat);
        OpenDirectEndpoint.Map(chat);
        MembersEndpoints.MapForMembers(chat);
        MarkReadEndpoint.Map(chat);
        ReadMessagesEndpoint.Map(chat);
        PostMessageEndpoint.Map(chat);

        var admin = endpoints.MapGroup("/api/chat").WithTags("Chat").RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Admin));
        CreateChannelEndpoint.Map(admin);
        MembersEndpoints.MapForAdmins(admin);

        endpoints.MapHub<ChatHub>(ChatHub.Path).BindConnectionsToUsers();
    }
}
