namespace Tellal.Cli.Simulate;

internal sealed record RentalSimulationSettings(
    Uri Url, string User, string Password, double Rate, TimeSpan Duration, int Games, int Clients, int Customers, TimeSpan Wait);
