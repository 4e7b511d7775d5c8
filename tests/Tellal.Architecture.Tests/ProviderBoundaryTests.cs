using System.Xml.Linq;

namespace Tellal.Architecture.Tests;

/// <summary>
/// ReportHub plays a third party: it and Tellal share no code, only an HTTP contract. These tests fail when ReportHub
/// references any project, or a Tellal project references ReportHub; only the external reports tests may see both.
/// </summary>
public sealed class ProviderBoundaryTests
{
    private const string Provider = "ReportHub";
    private const string TestsOfBoth = "Tellal.ExternalReports.Tests";

    [Fact]
    public void ReportHub_references_no_project_of_the_repository()
    {
        Assert.Empty(ReferencesOf(Path.Combine(ModuleBoundaryTests.RepositoryRoot, "src", Provider, $"{Provider}.csproj")));
    }

    [Fact]
    public void Only_the_external_reports_tests_reference_ReportHub()
    {
        var referencing = Directory.GetFiles(ModuleBoundaryTests.RepositoryRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => ReferencesOf(p).Contains(Provider))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        Assert.Equal([TestsOfBoth], referencing);
    }

    private static List<string> ReferencesOf(string projectPath) =>
        [.. XDocument.Load(projectPath).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];
}
