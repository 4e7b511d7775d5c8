using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Catalogue;

/// <summary>
/// Part of the company's game catalogue, announced by the module that owns the company's data (Reports) each time a
/// worker starts. Modules that need to know the games (rentals, stock) keep their own copy and upsert it, so a repeated
/// announcement changes nothing and a lost one is made good by the next.
/// </summary>
[MessageType("tellal.reports.games-catalogued.v1")]
public sealed record GamesCatalogued(IReadOnlyList<CataloguedGame> Games);

public sealed record CataloguedGame(long GameId, string Title);
