using System.Reflection;
using System.Xml.Linq;
using Tellal.Extensions;

namespace Tellal.Architecture.Tests;

/// <summary>
/// Modules talk to each other only through message contracts, so any role can run on any node. These tests fail
/// when a module project references another module, or a module assembly uses another module's types.
/// </summary>
public sealed class ModuleBoundaryTests
{
    /// <summary>What a module may build on: the shared building blocks and the contracts, never another module.</summary>
    private static readonly string[] AllowedForModules = ["Tellal.Platform", "Tellal.Messaging", "Tellal.Contracts"];

    private static readonly string Repository = FindRepository();

    public static string RepositoryRoot => Repository;

    public static TheoryData<string> ModuleProjects() =>
        [.. Directory.GetFiles(Path.Combine(Repository, "src", "Modules"), "*.csproj", SearchOption.AllDirectories).Select(p => Path.GetFileNameWithoutExtension(p))];

    [Theory]
    [MemberData(nameof(ModuleProjects))]
    public void A_module_project_references_only_the_building_blocks(string module)
    {
        var project = XDocument.Load(Directory.GetFiles(Path.Combine(Repository, "src", "Modules"), $"{module}.csproj", SearchOption.AllDirectories).Single());
        var references = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
        Assert.All(references, reference => Assert.Contains(reference, AllowedForModules));
    }

    [Fact]
    public void A_module_assembly_uses_no_other_module_assembly()
    {
        var modules = TellalModules.All.Select(m => m.GetType().Assembly).Distinct().ToList();
        Assert.NotEmpty(modules);
        foreach (var module in modules)
        {
            var others = module.GetReferencedAssemblies().Select(a => a.Name)
                .Where(name => modules.Any(m => m.GetName().Name == name && m != module))
                .ToList();
            Assert.True(others.Count == 0, $"{module.GetName().Name} uses {string.Join(", ", others)}");
        }
    }

    [Fact]
    public void A_module_opens_its_internals_to_no_other_module()
    {
        var modules = TellalModules.All.Select(m => m.GetType().Assembly).Distinct().ToList();
        foreach (var module in modules)
        {
            var friends = module.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
                .Select(a => a.AssemblyName.Split(',')[0]);
            Assert.DoesNotContain(friends, friend => modules.Any(m => m.GetName().Name == friend));
        }
    }

    [Fact]
    public void Every_module_project_is_registered_in_the_host()
    {
        var registered = TellalModules.All.Select(m => m.GetType().Assembly.GetName().Name).ToHashSet();
        Assert.All(ModuleProjects().Select(row => (string)row.Data), project => Assert.Contains(project, registered));
    }

    [Fact]
    public void The_building_blocks_do_not_depend_on_any_module()
    {
        var modules = TellalModules.All.Select(m => m.GetType().Assembly.GetName().Name).ToHashSet();
        foreach (var blockType in new[] { typeof(Platform.Modules.ITellalModule), typeof(Messaging.MessagingOptions) })
        {
            var references = blockType.Assembly.GetReferencedAssemblies().Select(a => a.Name);
            Assert.DoesNotContain(references, modules.Contains);
        }
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tellal.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository.");
    }
}
