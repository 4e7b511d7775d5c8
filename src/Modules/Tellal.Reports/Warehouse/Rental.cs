namespace Tellal.Reports.Warehouse;

/// <summary>One rental of a game by a customer through a partner company. Money is in cents.</summary>
public sealed class Rental
{
    public long Id { get; set; }
    public DateTimeOffset RentedAt { get; set; }

    /// <summary>
    /// The UTC calendar day of <see cref="RentedAt"/>, stored beside it: SQL cannot take the day of a timestamp
    /// the same way on SQLite (where timestamps are encoded integers) and PostgreSQL, but both group by a date.
    /// </summary>
    public DateOnly Day { get; set; }

    public long GameId { get; set; }
    public long CustomerId { get; set; }
    public long CompanyId { get; set; }
    public long PriceCents { get; set; }
    public long CostCents { get; set; }
}
