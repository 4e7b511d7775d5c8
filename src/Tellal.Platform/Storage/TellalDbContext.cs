using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Tellal.Platform.Storage;

/// <summary>
/// The one database model of Tellal, assembled from every <see cref="IModelContributor"/>. Modules never share
/// tables: each maps only its own (prefixed with the module name) and reads others' data through messages.
/// A single context lets a handler's state changes, its inbox entry and its outbox messages commit in one
/// transaction. The provider-specific subclasses exist because EF Core keeps one migration set per context type.
/// </summary>
public abstract class TellalDbContext(DbContextOptions options) : DbContext(options)
{
    private readonly IModelContributor[] _contributors = options.FindExtension<ModelContributorsExtension>()?.Contributors
        ?? throw new InvalidOperationException("The options name no model contributors: build them with UseModelContributors.");

    /// <summary>Identifies the model built from this set of contributors (tests compose extra ones).</summary>
    internal string ModelKey => string.Join("|", _contributors.Select(c => c.GetType().FullName));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        foreach (var contributor in _contributors)
        {
            contributor.ConfigureModel(modelBuilder);
        }
    }
}

/// <summary>Caches one model per context type and contributor set, instead of EF's default of one per type.</summary>
internal sealed class ContributorModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is TellalDbContext tellal ? (context.GetType(), tellal.ModelKey, designTime) : (context.GetType(), designTime);
}
