using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The most played games of a genre (Fighting by default) by total play time in a period, keeping only games
/// whose average session score is above a threshold. Averages are computed from exact sums here, not in SQL,
/// so both databases give the same figures.
/// </summary>
internal sealed class TopPlayedGamesReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "top-played-games",
        "Most played games of a genre with high average scores",
        "Games of a genre ranked by play time in the period (the last 365 days by default), among those whose average session score beats the given score.",
        [
            .. CommonParameters.LastDays(365),
            ReportParameterDefinition.Enum("genre", "Game genre.", Genres.Fighting, Genres.All),
            ReportParameterDefinition.Decimal("minAverageScore", "Only games whose average session score is above this (0-1000).", 400m, 0m, 1000m),
            CommonParameters.Top("How many games.", 10, 100),
        ],
        ReportType.TableFormats,
        new TopPlayedGamesReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("rank", "Rank", ReportColumnType.Integer),
        new("game", "Game", ReportColumnType.Text),
        new("platform", "Platform", ReportColumnType.Text),
        new("release_year", "Released", ReportColumnType.Integer),
        new("sessions", "Sessions", ReportColumnType.Integer),
        new("play_minutes", "Play minutes", ReportColumnType.Integer),
        new("average_score", "Average score", ReportColumnType.Decimal),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        var genre = parameters.GetString("genre");
        var minAverage = parameters.GetDecimal("minAverageScore");
        var top = parameters.GetInt("top");

        progress.Report(ReportProgress.Query(10));
        var usage = await (
                from s in db.Set<PlaySession>()
                where s.StartedAt >= period.Start && s.StartedAt < period.End
                join g in db.Set<Game>() on s.GameId equals g.Id
                where g.Genre == genre
                group s by new { g.Id, g.Title, g.Platform, g.ReleaseYear } into grp
                select new
                {
                    grp.Key.Id, grp.Key.Title, grp.Key.Platform, grp.Key.ReleaseYear, Sessions = grp.Count(),
                    Minutes = grp.Sum(s => (long)s.DurationMinutes), Score = grp.Sum(s => (long)s.Score),
                })
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Aggregate(60));
        var rows = usage
            .Where(g => (decimal)g.Score / g.Sessions > minAverage)
            .OrderByDescending(g => g.Minutes).ThenBy(g => g.Id)
            .Take(top)
            .Select((g, index) => new object?[]
            {
                (long)index + 1, g.Title, g.Platform, (long)g.ReleaseYear, (long)g.Sessions, g.Minutes, RoundedAverage(g.Score, g.Sessions),
            })
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Top {top} {genre} games by play time, {period}", parameters.Describe(), Columns, rows);
    }

    /// <summary>For display: the exact average rounded to two places, half away from zero.</summary>
    internal static decimal RoundedAverage(long totalScore, int sessions) =>
        Math.Round((decimal)totalScore / sessions, 2, MidpointRounding.AwayFromZero);
}
