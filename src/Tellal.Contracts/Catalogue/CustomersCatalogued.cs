using Tellal.Messaging.Envelopes;

namespace Tellal.Contracts.Catalogue;

/// <summary>
/// Part of the company's customer list, announced like <see cref="GamesCatalogued"/>. Ids only: a module that checks
/// that a customer exists needs nothing of their personal data.
/// </summary>
[MessageType("tellal.reports.customers-catalogued.v1")]
public sealed record CustomersCatalogued(IReadOnlyList<long> CustomerIds);
