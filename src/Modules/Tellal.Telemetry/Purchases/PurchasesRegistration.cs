using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Http;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;

namespace Tellal.Telemetry.Purchases;

/// <summary>Wires purchase verification: options, the resilient signed store client, and the verifier on ingest nodes.</summary>
internal static class PurchasesRegistration
{
    public static void AddPurchases(this ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<StoreOptions>(StoreOptions.Section);
        var options = module.Configuration.GetTellalOptions<StoreOptions>(StoreOptions.Section);
        services.AddTransient<StoreSigningHandler>();
        services.AddHttpClient<StoreClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<StoreOptions>>().Value.BaseAddress();
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CaBundleTrust.Handler(sp.GetRequiredService<IOptions<StoreOptions>>().Value.CaBundlePath))
            .AddResilientCalls(options.Calls())
            .AddHttpMessageHandler<StoreSigningHandler>();

        // Without a store the purchases wait, pending; the dashboard's verification queue shows them growing.
        if (module.Roles.Runs(TellalRole.Ingest) && options.IsConfigured)
        {
            services.AddHostedService<PurchaseVerifier>();
        }
    }
}
