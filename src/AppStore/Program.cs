using Microsoft.Extensions.Options;

namespace AppStore;

/// <summary>
/// The stand-in store (docs/appstore.md). HTTPS is configured the usual Kestrel way (--urls https://... and
/// Kestrel:Certificates:Default:Path/KeyPath). A class rather than top-level statements, so a test project that also
/// references Tellal (whose Program is global) sees no ambiguous <c>Program</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var services = builder.Services;
        services.AddOptions<AppStoreOptions>().BindConfiguration(AppStoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FaultState(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<AppStoreOptions>>().Value.Faults));
        services.AddSingleton<StoreStatistics>();
        services.AddSingleton<RequestAuthenticator>();
        services.AddProblemDetails();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<FaultMiddleware>();
        app.MapGet("/health", () => Results.Ok("healthy"));
        VerifyEndpoint.Map(app);
        AdminEndpoints.Map(app);
        app.Run();
    }
}
