using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Telemetry;

/// <summary>
/// A closed UTC day's active players, counted exactly from the permanent telemetry events: that day (DAU) and the 7, 14
/// and 30 days ending with it. A day is rolled again when late events change it, so the same day may come several times:
/// the one with the higher <see cref="Version"/> (the count of late marks it includes), then the later
/// <see cref="RolledAt"/>, holds.
/// </summary>
[MessageType("tellal.telemetry.active-users-rolled-up.v1")]
public sealed record ActiveUsersRolledUp(DateOnly Day, int Dau, int Wau, int TwoWeek, int Mau, int Version, DateTimeOffset RolledAt);
