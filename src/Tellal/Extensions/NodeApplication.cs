using System.Text.Json.Serialization;
using Tellal.BackOffice;
using Tellal.Identity.Browser;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Transport.Streams;
using Tellal.Operations;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Roles;
using Tellal.Platform.Security;

namespace Tellal.Extensions;

/// <summary>A Tellal node: every role serves health and metrics; the web role adds the API.</summary>
public static class NodeApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, RoleSet roles)
    {
        // appsettings.json ships next to the executable; the working directory is where the data goes.
        var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory,
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddTellalServices(roles, runBackgroundWork: true);
        builder.AddTellalObservability();
        builder.Services.AddTellalHealth();
        builder.Services.AddHostedService<DependencyWatch>();
        if (roles.Runs(TellalRole.Web))
        {
            builder.Services.AddOperationsView();
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DatabaseOutageExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseNodeHeader();
        app.UseTraceResponseHeader();
        // A malformed or oversized body is the client's error (400, 413), never a 500; a database outage is a 503
        // (DatabaseOutageExceptionHandler).
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        if (roles.Runs(TellalRole.Web))
        {
            BackOfficeModule.UseAssets(app);
        }

        // Before the gate: the starting-up page's WebSocket is answered by it (StartupGateMiddleware.ReadyEventsPath).
        app.UseWebSockets();
        app.UseMiddleware<StartupGateMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<CookieAntiforgeryMiddleware>();
        app.UseAuthorization();
        if (roles.Runs(TellalRole.Web))
        {
            app.UseOperationsMetrics();
        }

        app.MapTellalHealth();
        app.MapPrometheusScrapingEndpoint().AllowAnonymous();
        if (roles.Runs(TellalRole.Web))
        {
            app.MapOpenApi().AllowAnonymous();
            foreach (var module in TellalModules.All)
            {
                module.MapEndpoints(app);
            }

            app.MapDeadLetterEndpoints(policy => policy.RequireRole(TellalPolicies.Admin));
            app.MapStreamEndpoints(policy => policy.RequireRole(TellalPolicies.Admin));
            app.MapNodeEndpoints();
            app.MapOperationsView();
        }

        return app;
    }
}
