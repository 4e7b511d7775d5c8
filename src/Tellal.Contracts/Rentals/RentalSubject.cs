using System.Globalization;

namespace Tellal.Contracts.Rentals;

/// <summary>
/// The subject every rental and stock event carries, part of the contract: its game's id, which a partitioned transport
/// (Kafka) uses as the key, so one game's events stay in order on one partition. An order of several games goes by its
/// smallest id.
/// </summary>
public static class RentalSubject
{
    public static string Of(IEnumerable<RentalItem> items) => Of(items.Min(i => i.GameId));

    public static string Of(long gameId) => gameId.ToString(CultureInfo.InvariantCulture);
}
