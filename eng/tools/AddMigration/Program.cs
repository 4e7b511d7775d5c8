using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Extensions;
using Tellal.Messaging.Storage;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Storage;

// Usage (from the repository root): dotnet run --project eng/tools/AddMigration -- <MigrationName>
// Scaffolds one migration per provider from the same model the host builds (messaging + every module).
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run --project eng/tools/AddMigration -- <MigrationName>");
    return 2;
}

var repository = FindRepositoryRoot();
var project = Path.Combine(repository, "src", "Tellal");
IModelContributor[] contributors = [new MessagingModel(), new NodeHeartbeatModel(), .. TellalModules.All];

Scaffold(new SqliteTellalDbContext(
    new DbContextOptionsBuilder<SqliteTellalDbContext>()
        .UseSqlite("Data Source=:memory:", o => o.MigrationsAssembly(NodeServicesExtensions.MigrationsAssembly).MigrationsHistoryTable("ef_migrations_history"))
        .UseModelContributors(contributors).Options),
    new Microsoft.EntityFrameworkCore.Sqlite.Design.Internal.SqliteDesignTimeServices(), "Sqlite");
Scaffold(new PostgresTellalDbContext(
    new DbContextOptionsBuilder<PostgresTellalDbContext>()
        .UseNpgsql("Host=unused", o => o.MigrationsAssembly(NodeServicesExtensions.MigrationsAssembly).MigrationsHistoryTable("ef_migrations_history"))
        .UseModelContributors(contributors).Options),
    new Npgsql.EntityFrameworkCore.PostgreSQL.Design.Internal.NpgsqlDesignTimeServices(), "Postgres");
return 0;

void Scaffold(DbContext context, IDesignTimeServices providerServices, string provider)
{
    var services = new ServiceCollection();
    services.AddEntityFrameworkDesignTimeServices();
    services.AddDbContextDesignTimeServices(context);
    providerServices.ConfigureDesignTimeServices(services);
    using var provider_ = services.BuildServiceProvider();
    var scaffolder = provider_.GetRequiredService<IMigrationsScaffolder>();
    var migration = scaffolder.ScaffoldMigration(args[0], "Tellal", $"Storage.Migrations.{provider}", "C#");
    var files = scaffolder.Save(project, migration, Path.Combine(project, "Storage", "Migrations", provider));
    Console.WriteLine($"{provider}: {files.MigrationFile}");
    context.Dispose();
}

static string FindRepositoryRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tellal.slnx")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
