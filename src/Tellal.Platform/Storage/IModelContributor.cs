using Microsoft.EntityFrameworkCore;

namespace Tellal.Platform.Storage;

/// <summary>Adds tables to the one shared database model (modules, the messaging core).</summary>
public interface IModelContributor
{
    void ConfigureModel(ModelBuilder modelBuilder);
}
