namespace Tellal.Cli.Simulate;

/// <param name="Duplicates">Share of requests sent a second time once accepted (an app that missed the answer).</param>
/// <param name="Purchases">Share of events that are purchases carrying a store receipt.</param>
/// <param name="BadReceipts">Share of those receipts that are deliberately invalid.</param>
/// <param name="GiveUp">How long one request is retried before its events count as undelivered.</param>
internal sealed record TelemetrySimulationSettings(
    Uri Url, string Key, int Devices, double Rate, TimeSpan Duration, double Duplicates, int BatchSize, int Clients,
    double Purchases, double BadReceipts, TimeSpan GiveUp);
