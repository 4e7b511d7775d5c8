using System.Text.Json;
using Tellal.Reports.Catalog;
using Tellal.Reports.Tests.Infrastructure;

namespace Tellal.Reports.Tests.Catalog;

public sealed class ParameterValidationTests
{
    private static readonly DateOnly Today = new(2025, 6, 15);
    private readonly ReportParameterValidator _validator = new(new FixedTimeProvider(Today));
    private readonly ReportCatalog _catalog = new();

    private static Dictionary<string, JsonElement> Json(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private ReportParameterValidation Validate(string report, string json) => _validator.Validate(_catalog.Find(report)!, Json(json));

    private static string[] ErrorsOf(ReportParameterValidation validation, string parameter)
    {
        Assert.False(validation.IsValid);
        return Assert.Contains(parameter, validation.Errors);
    }

    [Fact]
    public void Omitted_and_null_parameters_take_their_defaults_relative_to_today()
    {
        var validation = Validate("top-players", """{ "top": null }""");

        Assert.True(validation.IsValid, string.Join("; ", validation.Errors.SelectMany(e => e.Value)));
        var parameters = validation.Parameters!;
        Assert.Equal(new DateOnly(2025, 5, 1), parameters.GetDate("from"));
        Assert.Equal(new DateOnly(2025, 5, 31), parameters.GetDate("to"));
        Assert.Equal(100, parameters.GetInt("top"));
        Assert.Null(parameters.GetOptionalString("country"));
        Assert.Equal(Today, parameters.AsOf);
    }

    [Fact]
    public void Given_values_are_typed()
    {
        var validation = Validate("top-played-games", """{ "from": "2025-01-01", "to": "2025-03-31", "genre": "strategy", "minAverageScore": 512.5, "top": 3 }""");

        var parameters = validation.Parameters!;
        Assert.Equal(new DateOnly(2025, 1, 1), parameters.GetDate("from"));
        Assert.Equal("Strategy", parameters.GetString("genre"));
        Assert.Equal(512.5m, parameters.GetDecimal("minAverageScore"));
        Assert.Equal(3, parameters.GetInt("top"));
    }

    [Fact]
    public void A_required_parameter_without_default_is_reported_missing()
    {
        var type = _catalog.Find("daily-rentals-trend")! with
        {
            Parameters = [new ReportParameterDefinition("from", "No default.", ReportParameterType.Date), .. _catalog.Find("daily-rentals-trend")!.Parameters.Skip(1)],
        };

        var validation = _validator.Validate(type, Json("{}"));

        Assert.Equal(["Required."], ErrorsOf(validation, "from"));
    }

    [Theory]
    [InlineData("top", "\"ten\"")]
    [InlineData("top", "2.5")]
    [InlineData("top", "true")]
    [InlineData("from", "20250101")]
    [InlineData("from", "\"2025/01/01\"")]
    [InlineData("from", "\"2025-02-30\"")]
    [InlineData("country", "42")]
    public void Values_of_the_wrong_type_are_rejected(string parameter, string value)
    {
        var errors = ErrorsOf(Validate("top-players", $$"""{ "{{parameter}}": {{value}} }"""), parameter);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("top-players", "top", "0")]
    [InlineData("top-players", "top", "1001")]
    [InlineData("top-players", "country", "\"TUR\"")]
    [InlineData("top-played-games", "minAverageScore", "1000.01")]
    [InlineData("top-played-games", "minAverageScore", "-1")]
    [InlineData("daily-rentals-trend", "to", "\"2025-06-16\"")]
    public void Values_out_of_range_are_rejected(string report, string parameter, string value)
    {
        var errors = ErrorsOf(Validate(report, $$"""{ "{{parameter}}": {{value}} }"""), parameter);
        Assert.Single(errors);
    }

    [Fact]
    public void Values_outside_the_choices_are_rejected()
    {
        var errors = ErrorsOf(Validate("top-played-games", """{ "genre": "Dance" }"""), "genre");
        Assert.Contains("Fighting", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameters_are_rejected_by_name()
    {
        var errors = ErrorsOf(Validate("daily-rentals-trend", """{ "colour": "red" }"""), "colour");
        Assert.Contains("from, to", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_reversed_range_is_reported_on_its_end()
    {
        Assert.Single(ErrorsOf(Validate("daily-rentals-trend", """{ "from": "2025-05-10", "to": "2025-05-09" }"""), "to"));
        Assert.Single(ErrorsOf(Validate("retro-fans-spending", """{ "releasedFrom": 1999, "releasedTo": 1990 }"""), "releasedTo"));
        Assert.True(Validate("daily-rentals-trend", """{ "from": "2025-05-10", "to": "2025-05-10" }""").IsValid);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var validation = Validate("top-players", """{ "top": "many", "from": "yesterday", "extra": 1 }""");

        Assert.Equal(["extra", "from", "top"], validation.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Null(validation.Parameters);
    }

    [Fact]
    public void Resolved_parameters_survive_a_json_round_trip()
    {
        var parameters = Validate("top-played-games", """{ "minAverageScore": 450.25 }""").Parameters!;

        var again = _validator.Validate(_catalog.Find("top-played-games")!, parameters.ToJson()).Parameters!;

        Assert.Equal(parameters.Values, again.Values);
    }

    [Theory]
    [InlineData("daily-rentals-trend", "{}", false)]
    [InlineData("daily-rentals-trend", """{ "from": "2024-06-14", "to": "2025-06-14" }""", false)]
    [InlineData("daily-rentals-trend", """{ "from": "2024-06-13", "to": "2025-06-14" }""", true)]
    [InlineData("top-reviewed-games", "{}", false)]
    [InlineData("afk-customers", "{}", true)]
    [InlineData("afk-customers", """{ "from": "2025-06-01", "to": "2025-06-01" }""", true)]
    public void Personal_data_and_ranges_longer_than_a_year_need_approval(string report, string json, bool needsApproval)
    {
        var type = _catalog.Find(report)!;
        Assert.Equal(needsApproval, type.RequiresApproval(_validator.Validate(type, Json(json)).Parameters!));
    }

    [Fact]
    public void The_catalog_has_stable_unique_names_and_valid_defaults()
    {
        Assert.True(_catalog.All.Count >= 8);
        Assert.Equal(_catalog.All.Count, _catalog.All.Select(t => t.Name).Distinct().Count());
        Assert.All(_catalog.All, type =>
        {
            Assert.Matches("^[a-z]+(-[a-z]+)*$", type.Name);
            Assert.True(_validator.Validate(type, null).IsValid, type.Name);
            Assert.Equal(type.Formats.Contains(ReportFormat.Png), type.Name is "daily-rentals-trend" or "weekend-snack-brands" or "active-users-trend");
            Assert.Contains(ReportFormat.Pdf, type.Formats);
        });
    }
}
