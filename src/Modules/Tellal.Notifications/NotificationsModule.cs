using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Contracts.Identity;
using Tellal.Contracts.Notifications;
using Tellal.Messaging;
using Tellal.Messaging.Registration;
using Tellal.Notifications.Email;
using Tellal.Notifications.Inbox;
using Tellal.Notifications.Push;
using Tellal.Notifications.Recipients;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;

namespace Tellal.Notifications;

public sealed class NotificationsModule : ITellalModule
{
    public const string RequestsQueue = "notifications.requests";
    public const string EmailQueue = "notifications.email";
    public const string PushQueue = "notifications.push";

    public string Name => "notifications";

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<MailOptions>(MailOptions.Section);
        var mail = module.Configuration.GetTellalOptions<MailOptions>(MailOptions.Section);
        if (mail.Smtp.IsConfigured)
        {
            services.AddSingleton<IMailSender, SmtpMailSender>();
            services.AddSingleton<SmtpHealthCheck>();
            if (module.Roles.Runs(TellalRole.Notifier))
            {
                services.AddHealthChecks().AddCheck<SmtpHealthCheck>(SmtpHealthCheck.Name);
            }
        }
        else
        {
            services.AddSingleton<IMailSender, PickupFolderMailSender>();
        }

        services.AddTellalOptions<NotificationHubOptions>(NotificationHubOptions.Section);
        services.AddSignalR();
        services.Replace(ServiceDescriptor.Singleton<IUserIdProvider, SubjectUserIdProvider>());

        services.AddMessageQueue(new QueueDefinition(RequestsQueue, TellalRole.Notifier));
        services.AddMessageQueue(new QueueDefinition(EmailQueue, TellalRole.Notifier) { BatchSize = 1, HandlerTimeout = TimeSpan.FromSeconds(60) });
        services.AddMessageQueue(new QueueDefinition(PushQueue, TellalRole.Web) { HandlerTimeout = TimeSpan.FromSeconds(10) });
        services.AddMessageHandler<UserRegistered, UserRegisteredHandler>(RequestsQueue);
        services.AddMessageHandler<UserRolesChanged, UserRolesChangedHandler>(RequestsQueue);
        services.AddMessageHandler<NotificationRequested, NotificationRequestedHandler>(RequestsQueue);
        services.AddMessageHandler<NotificationsWithdrawn, NotificationsWithdrawnHandler>(RequestsQueue);
        services.AddMessageHandler<SendEmail, SendEmailHandler>(EmailQueue);
        services.AddMessageHandler<NotificationCreated, NotificationCreatedHandler>(PushQueue);

        // A mail server outage can last a while: keep trying for about half an hour, not five quick attempts.
        services.Configure<MessagingOptions>(options => options.RetryByType.TryAdd(MessageRegistry.TypeNameOf(typeof(SendEmail)),
            new RetryOptions { MaxAttempts = 60, InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) }));
    }

    public void ConfigureModel(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Recipient>(recipient =>
        {
            recipient.ToTable("ntf_recipients");
            recipient.HasKey(r => r.UserId);
            recipient.Property(r => r.UserName).HasMaxLength(100);
            // As long as Identity accepts (the longest address SMTP carries).
            recipient.Property(r => r.Email).HasMaxLength(254);
            recipient.Property(r => r.Roles).HasMaxLength(200);
        });
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("ntf_notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Kind).HasMaxLength(100);
            notification.Property(n => n.Title).HasMaxLength(300);
            notification.Property(n => n.Message).HasMaxLength(2000);
            notification.Property(n => n.Url).HasMaxLength(500);
            notification.HasIndex(n => new { n.UserId, n.CreatedAt });
        });
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        InboxEndpoints.Map(endpoints);
        InboxEndpoints.MapHub(endpoints);
    }
}
