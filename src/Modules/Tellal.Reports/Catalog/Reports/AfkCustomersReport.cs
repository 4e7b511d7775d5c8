using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>The customers idle (AFK) the longest in a period. Names and emails are listed: personal data.</summary>
internal sealed class AfkCustomersReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "afk-customers",
        "Customers away from keyboard the longest",
        "Customers ranked by AFK minutes in their play sessions of the period (last month by default), with name and email. Contains personal data.",
        [.. CommonParameters.LastMonth(), CommonParameters.Top("How many customers.", 50, 1000)],
        ReportType.TableFormats,
        new AfkCustomersReport(),
        ContainsPersonalData: true,
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("rank", "Rank", ReportColumnType.Integer),
        new("customer_id", "Customer id", ReportColumnType.Integer),
        new("name", "Name", ReportColumnType.Text),
        new("email", "Email", ReportColumnType.Text),
        new("country", "Country", ReportColumnType.Text),
        new("sessions", "Sessions", ReportColumnType.Integer),
        new("play_minutes", "Play minutes", ReportColumnType.Integer),
        new("afk_minutes", "AFK minutes", ReportColumnType.Integer),
        new("afk_share", "AFK share", ReportColumnType.Percent),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        var top = parameters.GetInt("top");

        progress.Report(ReportProgress.Query(10));
        var idlers = await db.Set<PlaySession>()
            .Where(s => s.StartedAt >= period.Start && s.StartedAt < period.End)
            .GroupBy(s => s.CustomerId)
            .Select(g => new
            {
                CustomerId = g.Key, Sessions = g.Count(),
                Minutes = g.Sum(s => (long)s.DurationMinutes), Afk = g.Sum(s => (long)s.AfkMinutes),
            })
            .Where(g => g.Afk > 0)
            .OrderByDescending(g => g.Afk).ThenBy(g => g.CustomerId)
            .Take(top)
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Query(50));
        var ids = idlers.Select(i => i.CustomerId).ToList();
        var customers = await db.Set<Customer>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        progress.Report(ReportProgress.Aggregate(70));
        var rows = idlers.Select((i, index) =>
        {
            var customer = customers[i.CustomerId];
            return new object?[]
            {
                (long)index + 1, i.CustomerId, customer.Name, customer.Email, customer.Country,
                (long)i.Sessions, i.Minutes, i.Afk, ReportFigures.Share(i.Afk, i.Minutes),
            };
        }).ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Top {top} AFK customers, {period}", parameters.Describe(), Columns, rows);
    }
}
