using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Tellal.Reports.External;

namespace Tellal.Reports.Tests.External;

/// <summary>
/// Tellal's webhook verification against the example of the Standard Webhooks specification (the reference
/// JavaScript library signs it identically), then its timestamp tolerance and signature-list handling.
/// </summary>
public sealed class StandardWebhookVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Body = "{\"test\": 2432232314}";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void The_specification_example_is_authentic_at_its_time()
    {
        Assert.True(VerifierAt(0).IsAuthentic(Id, Timestamp, Signature, Body));
    }

    [Fact]
    public void Any_of_several_listed_signatures_may_match()
    {
        Assert.True(VerifierAt(0).IsAuthentic(Id, Timestamp, $"v1,bm90IGl0 {Signature}", Body));
    }

    [Theory]
    [InlineData(Id, Timestamp, Signature, Body + " ")]
    [InlineData("msg_other", Timestamp, Signature, Body)]
    [InlineData(Id, "1614265331", Signature, Body)]
    [InlineData(Id, Timestamp, "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Body)]
    [InlineData(Id, Timestamp, "", Body)]
    [InlineData("", Timestamp, Signature, Body)]
    [InlineData(Id, "not-a-time", Signature, Body)]
    public void Anything_altered_is_refused(string id, string timestamp, string signature, string body)
    {
        Assert.False(VerifierAt(0).IsAuthentic(id, timestamp, signature, body));
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void The_timestamp_must_be_within_five_minutes_of_now(int secondsLater, bool accepted)
    {
        Assert.Equal(accepted, VerifierAt(secondsLater).IsAuthentic(Id, Timestamp, Signature, Body));
    }

    [Fact]
    public void Configured_secrets_are_checked_on_start()
    {
        var options = Configured() with { WebhookSecret = "not-whsec", SigningSecret = "short" };
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        Assert.Equal([nameof(ExternalReportsOptions.SigningSecret), nameof(ExternalReportsOptions.WebhookSecret)],
            errors.SelectMany(e => e.MemberNames).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("http://reporthub.example/")]
    [InlineData("reporthub.example")]
    public void The_provider_is_reached_over_https_only(string baseUrl)
    {
        var options = Configured() with { BaseUrl = baseUrl };
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        Assert.Equal([nameof(ExternalReportsOptions.BaseUrl)], errors.SelectMany(e => e.MemberNames));
    }

    [Fact]
    public void Without_a_provider_address_nothing_is_required()
    {
        var errors = new List<ValidationResult>();
        var options = new ExternalReportsOptions();
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
    }

    private static ExternalReportsOptions Configured() => new()
    {
        BaseUrl = "https://reporthub.example/",
        ApiKey = "0123456789abcdef0123",
        SigningSecret = new string('s', 40),
        WebhookSecret = Secret,
    };

    private static StandardWebhookVerifier VerifierAt(int secondsAfterTimestamp) =>
        new(Options.Create(Configured()), new ClockAt(DateTimeOffset.FromUnixTimeSeconds(1614265330 + secondsAfterTimestamp)));

    private sealed class ClockAt(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
