using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Platform.Storage;

/// <summary>
/// Carries the <see cref="IModelContributor"/>s in the context's options instead of its constructor: a pooled context may
/// take nothing but its options, and pooling saves the construction of EF's per-context services at every unit of work.
/// </summary>
internal sealed class ModelContributorsExtension(IModelContributor[] contributors) : IDbContextOptionsExtension
{
    public IModelContributor[] Contributors { get; } = contributors;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
        // The contributors shape the model (see ContributorModelCacheKeyFactory), not EF's internal services.
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "";

        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
        {
        }
    }
}

public static class ModelContributorsOptionsExtensions
{
    /// <summary>The modules' parts of the model a <see cref="TellalDbContext"/> built from these options maps.</summary>
    public static TBuilder UseModelContributors<TBuilder>(this TBuilder builder, IEnumerable<IModelContributor> contributors)
        where TBuilder : DbContextOptionsBuilder
    {
        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(new ModelContributorsExtension(contributors.ToArray()));
        return builder;
    }
}
