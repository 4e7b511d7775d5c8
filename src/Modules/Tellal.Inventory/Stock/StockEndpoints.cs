using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Stock;

/// <summary>The stock as the counter sees it: what exists, what is out with customers, what can be rented now.</summary>
internal static class StockEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/inventory").WithTags("Inventory")
            .RequireAuthorization(policy => policy.RequireRole(TellalPolicies.Clerk, TellalPolicies.Admin));
        group.MapGet("/", ListAsync).WithName("ListStock");
        group.MapGet("/games/{gameId:long}", GetAsync).WithName("GetStock");
    }

    /// <summary>Games by title; <c>search</c> matches a part of the title, ignoring case.</summary>
    private static async Task<Results<Ok<StockPage>, ValidationProblem>> ListAsync(
        TellalDbContext db, IOptions<InventoryOptions> options, string? search, int? page, CancellationToken ct)
    {
        if (page is < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["1 or more."] });
        }

        var games = db.Set<GameStock>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Upper-cased on both sides: SQLite's LIKE and PostgreSQL's differ on case, upper() is the same on both.
            var pattern = $"%{search.Trim().ToUpperInvariant()}%";
            games = games.Where(s => EF.Functions.Like(s.Title.ToUpper(), pattern));
        }

        var size = options.Value.PageSize;
        var number = page ?? 1;
        var total = await games.CountAsync(ct);
        var items = await games.OrderBy(s => s.Title).ThenBy(s => s.GameId).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new StockPage(items.Select(StockResponse.From).ToList(), number, size, total));
    }

    private static async Task<Results<Ok<StockResponse>, ProblemHttpResult>> GetAsync(long gameId, TellalDbContext db, CancellationToken ct) =>
        await db.Set<GameStock>().AsNoTracking().FirstOrDefaultAsync(s => s.GameId == gameId, ct) is { } stock
            ? TypedResults.Ok(StockResponse.From(stock))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Game not found");
}
