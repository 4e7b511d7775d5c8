using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Tellal.Extensions;

namespace Tellal.Architecture.Tests;

/// <summary>
/// The messaging core stands on its own: contracts need nothing but the framework, so a reader of a contract gets no
/// database provider or broker client with it; the core leaves start-up orchestration and security policies to the
/// host; a transport builds on the core and its broker client, never on a module.
/// </summary>
public sealed class CoreBoundaryTests
{
    private const string ContractsProject = "Tellal.Contracts";
    private const string MessagingProject = "Tellal.Messaging";

    private static readonly Assembly ContractsAssembly = typeof(Tellal.Messaging.Envelopes.MessageTypeAttribute).Assembly;
    private static readonly Assembly MessagingAssembly = typeof(Messaging.MessagingOptions).Assembly;
    private static readonly HashSet<string> Modules = [.. TellalModules.All.Select(m => m.GetType().Assembly.GetName().Name!)];

    public static TheoryData<string> TransportProjects() => [.. TransportProjectNames()];

    private static IEnumerable<string> TransportProjectNames() =>
        Directory.GetDirectories(Path.Combine(ModuleBoundaryTests.RepositoryRoot, "src"))
            .Select(directory => Path.GetFileName(directory))
            .Where(name => name.StartsWith(MessagingProject + ".", StringComparison.Ordinal));

    [Fact]
    public void The_contracts_project_references_nothing()
    {
        var references = ProjectItems(ProjectPath(ContractsProject), "ProjectReference", "PackageReference", "FrameworkReference");
        Assert.True(references.Count == 0, $"{ContractsProject} references {string.Join(", ", references)}");
    }

    /// <summary>A package referenced here would reach every project, Contracts included.</summary>
    [Theory]
    [InlineData("Directory.Build.props")]
    [InlineData("Directory.Packages.props")]
    public void No_package_is_added_to_every_project(string file)
    {
        var path = Path.Combine(ModuleBoundaryTests.RepositoryRoot, file);
        Assert.Empty(ProjectItems(path, "PackageReference", "GlobalPackageReference"));
    }

    [Fact]
    public void The_contracts_assembly_uses_the_framework_alone()
    {
        var others = ContractsAssembly.GetReferencedAssemblies().Select(a => a.Name!).Where(name => !IsFramework(name)).ToList();
        Assert.True(others.Count == 0, $"{ContractsProject} uses {string.Join(", ", others)}");
    }

    [Fact]
    public void The_messaging_core_uses_no_module()
    {
        var modules = MessagingAssembly.GetReferencedAssemblies().Select(a => a.Name!).Where(Modules.Contains).ToList();
        Assert.True(modules.Count == 0, $"{MessagingProject} uses {string.Join(", ", modules)}");
    }

    /// <summary>
    /// Who may administer messaging is the host's decision. Constants (a role name) are copied into the caller's code and
    /// leave no type reference behind, so the sources are checked too.
    /// </summary>
    [Fact]
    public void The_messaging_core_uses_no_security_policy()
    {
        const string security = "Tellal.Platform.Security";
        Assert.DoesNotContain(TypeReferences(MessagingAssembly), type => type.StartsWith(security + ".", StringComparison.Ordinal));
        var sources = Directory.GetFiles(ProjectDirectory(MessagingProject), "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(ProjectDirectory(MessagingProject), path)))
            .Where(path => File.ReadAllText(path) is var text && (text.Contains(security, StringComparison.Ordinal) || text.Contains("TellalPolicies", StringComparison.Ordinal)))
            .Select(path => Path.GetRelativePath(ModuleBoundaryTests.RepositoryRoot, path))
            .ToList();
        Assert.True(sources.Count == 0, $"Security policies used in {string.Join(", ", sources)}");
    }

    /// <summary>Migrating the schema and opening the node are the host's start-up; the core contributes a start-up task.</summary>
    [Fact]
    public void The_messaging_core_does_not_orchestrate_start_up()
    {
        Assert.DoesNotContain(MessagingAssembly.GetTypes(), type => type.Name.Contains("StartupCoordinator", StringComparison.Ordinal));
        Assert.DoesNotContain(typeof(Platform.Storage.DatabaseMigrator).FullName!, TypeReferences(MessagingAssembly));
    }

    [Theory]
    [MemberData(nameof(TransportProjects))]
    public void A_transport_project_references_the_core_and_its_broker_client_only(string transport)
    {
        var project = ProjectPath(transport);
        Assert.All(ProjectReferences(project), reference => Assert.Contains(reference, new[] { MessagingProject, ContractsProject, "Tellal.Platform" }));
        var packages = ProjectItems(project, "PackageReference");
        Assert.True(packages.Count <= 1, $"{transport} references {string.Join(", ", packages)}; a transport needs its broker client alone");
    }

    /// <summary>Every transport project is one the host ships with, so the checks of the assemblies below see them all.</summary>
    [Fact]
    public void The_host_ships_every_transport()
    {
        Assert.Equal(TransportProjectNames().Order(), ShippedTransports().Select(a => a.GetName().Name!).Order());
    }

    /// <summary>A project reference alone would not show a module used through another path.</summary>
    [Fact]
    public void A_transport_assembly_uses_no_module()
    {
        foreach (var transport in ShippedTransports())
        {
            var modules = transport.GetReferencedAssemblies().Select(a => a.Name!).Where(Modules.Contains).ToList();
            Assert.True(modules.Count == 0, $"{transport.GetName().Name} uses {string.Join(", ", modules)}");
        }
    }

    /// <summary>
    /// A transport is a thin adapter that moves envelopes: the outbox, the inbox, the Local queue table and the database
    /// are the core's, written with the unit of work (docs/architecture.md, "How the messaging rows are written"). So every
    /// transport gets the same effectively-once delivery from the core, and none can write around it.
    /// </summary>
    [Fact]
    public void A_transport_assembly_leaves_storage_to_the_core()
    {
        string[] storage =
        [
            "Microsoft.EntityFrameworkCore.", "Npgsql.", "Microsoft.Data.Sqlite.", "Tellal.Platform.Storage.",
            $"{MessagingProject}.Storage.", $"{MessagingProject}.Outbox.", $"{MessagingProject}.Inbox.", $"{MessagingProject}.Transport.Local.",
        ];
        foreach (var transport in ShippedTransports())
        {
            var used = TypeReferences(transport).Where(type => storage.Any(prefix => type.StartsWith(prefix, StringComparison.Ordinal))).Distinct().ToList();
            Assert.True(used.Count == 0, $"{transport.GetName().Name} uses {string.Join(", ", used)}");
        }
    }

    private static List<Assembly> ShippedTransports() =>
        [.. typeof(NodeServicesExtensions).Assembly.GetReferencedAssemblies()
            .Where(a => a.Name!.StartsWith(MessagingProject + ".", StringComparison.Ordinal))
            .Select(Assembly.Load)];

    private static bool IsFramework(string assembly) =>
        assembly is "netstandard" or "mscorlib" or "System" || assembly.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>Every type the assembly's code refers to outside itself, by full name, read from its metadata.</summary>
    private static List<string> TypeReferences(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences.Select(metadata.GetTypeReference)
            .Select(type => $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}")];
    }

    private static string ProjectDirectory(string project) => Path.Combine(ModuleBoundaryTests.RepositoryRoot, "src", project);

    private static string ProjectPath(string project) => Path.Combine(ProjectDirectory(project), $"{project}.csproj");

    /// <summary>What items of these kinds include: a package's id, a project's path.</summary>
    private static List<string> ProjectItems(string projectFile, params string[] kinds) =>
        [.. XDocument.Load(projectFile).Descendants().Where(e => kinds.Contains(e.Name.LocalName)).Select(e => e.Attribute("Include")!.Value)];

    private static List<string> ProjectReferences(string projectFile) =>
        [.. ProjectItems(projectFile, "ProjectReference").Select(path => Path.GetFileNameWithoutExtension(path.Replace('\\', '/')))];

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
