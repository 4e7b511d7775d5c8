using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Tellal.Identity.Bootstrap;
using Tellal.Identity.Browser;
using Tellal.Identity.SignIn;
using Tellal.Identity.Tokens;
using Tellal.Identity.Users;
using Tellal.Platform.Hosting;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;

namespace Tellal.Identity;

public sealed class IdentityModule : ITellalModule
{
    public string Name => "identity";

    public void ConfigureModel(ModelBuilder modelBuilder) => IdentityModel.Configure(modelBuilder);

    public void AddServices(ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<AuthOptions>(AuthOptions.Section);
        services.AddTellalOptions<BootstrapOptions>(BootstrapOptions.Section);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<PasswordHashing>();
        services.AddScoped<UserService>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInRateLimit>();
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<TokenIssuer>();

        services.AddTellalAuthentication();
        if (!string.IsNullOrWhiteSpace(module.Configuration.GetConnectionString(RedisConnection.Name)))
        {
            // Several web nodes: sessions live in Redis (the host registered the connection), see RedisTicketStore.
            services.AddSingleton<RedisTicketStore>();
            services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
                .Configure<RedisTicketStore>((options, store) => options.SessionStore = store);
        }

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider>((options, keys) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = TokenIssuer.Issuer,
                    ValidAudience = TokenIssuer.Audience,
                    NameClaimType = ClaimsPrincipalExtensions.UserNameClaim,
                    RoleClaimType = ClaimsPrincipalExtensions.RoleClaim,
                    IssuerSigningKeyResolver = (_, _, _, _) => keys.Current is { } key ? [key] : [],
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                // Browsers cannot set headers on a WebSocket: hub connections pass the token in the query string.
                options.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments("/hubs")
                            && context.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            context.Token = token;
                        }

                        return Task.CompletedTask;
                    },
                };
            });
        AccountStatusGuard.AddTo(services);
        // Every endpoint requires a signed-in user unless it says otherwise (health probes, sign-in).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        if (module.Roles.Runs(TellalRole.Web))
        {
            services.AddSingleton<IStartupTask, KeyRingLoading>();
            services.AddSingleton<IStartupTask, AdminBootstrapper>();
        }
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        IssueTokenEndpoint.Map(endpoints);
        CookieSignInEndpoints.Map(endpoints);
        UserEndpoints.Map(endpoints);
    }
}
