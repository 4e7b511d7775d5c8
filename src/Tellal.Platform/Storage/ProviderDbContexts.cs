using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Tellal.Platform.Storage;

public sealed class SqliteTellalDbContext(DbContextOptions<SqliteTellalDbContext> options) : TellalDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type; EF stores DateTimeOffset as text that it cannot order or compare.
        // Storing UTC ticks keeps ORDER BY and range filters in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresTellalDbContext(DbContextOptions<PostgresTellalDbContext> options) : TellalDbContext(options);
