using System.Xml.Linq;

namespace Tellal.Architecture.Tests;

/// <summary>
/// ReportHub and AppStore play third parties: they and Tellal share no code, only an HTTP contract. These tests fail
/// when such a stand-in references any project, or any project but its own tests references it.
/// </summary>
public sealed class ProviderBoundaryTests
{
    public static TheoryData<string, string> Providers => new()
    {
        { "ReportHub", "Tellal.ExternalReports.Tests" },
        { "AppStore", "Tellal.Integration.Tests" },
    };

    [Theory]
    [InlineData("ReportHub")]
    [InlineData("AppStore")]
    public void A_stand_in_references_no_project_of_the_repository(string provider)
    {
        Assert.Empty(ReferencesOf(Path.Combine(ModuleBoundaryTests.RepositoryRoot, "src", provider, $"{provider}.csproj")));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Only_its_tests_reference_a_stand_in(string provider, string testsOfBoth)
    {
        var referencing = Directory.GetFiles(ModuleBoundaryTests.RepositoryRoot, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => ReferencesOf(p).Contains(provider))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        Assert.Equal([testsOfBoth], referencing);
    }

    private static List<string> ReferencesOf(string projectPath) =>
        [.. XDocument.Load(projectPath).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];
}
