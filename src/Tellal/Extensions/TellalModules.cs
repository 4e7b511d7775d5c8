using Tellal.BackOffice;
using Tellal.Chat;
using Tellal.Identity;
using Tellal.Inventory;
using Tellal.Notifications;
using Tellal.Rentals;
using Tellal.Reports;
using Tellal.Platform.Modules;
using Tellal.Telemetry;

namespace Tellal.Extensions;

/// <summary>Every module of Tellal. Each node registers all of them; its roles decide what runs.</summary>
public static class TellalModules
{
    public static IReadOnlyList<ITellalModule> All { get; } = [new IdentityModule(), new BackOfficeModule(), new NotificationsModule(), new ReportsModule(),
        new RentalsModule(), new InventoryModule(), new TelemetryModule(), new ChatModule()];
}
