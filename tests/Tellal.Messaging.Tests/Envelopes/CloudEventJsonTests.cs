using System.Text.Json;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Tests.Envelopes;

public sealed class CloudEventJsonTests
{
    private static readonly Envelope Sample = new()
    {
        Id = Guid.Parse("0193a5b2-7c4e-7d1a-9f00-1234567890ab"),
        Source = "/tellal/node-1",
        Type = "tellal.test.sample.v1",
        Time = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        Subject = "report/42",
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        Priority = MessagePriority.High,
        Attempt = 3,
        Data = """{"key":"value","n":1}""",
    };

    [Fact]
    public void The_structured_json_carries_every_required_context_attribute()
    {
        var json = JsonDocument.Parse(CloudEventJson.Serialize(Sample)).RootElement;

        Assert.Equal("1.0", json.GetProperty("specversion").GetString());
        Assert.Equal(Sample.Id.ToString(), json.GetProperty("id").GetString());
        Assert.Equal("/tellal/node-1", json.GetProperty("source").GetString());
        Assert.Equal("tellal.test.sample.v1", json.GetProperty("type").GetString());
        Assert.Equal("application/json", json.GetProperty("datacontenttype").GetString());
        Assert.Equal("report/42", json.GetProperty("subject").GetString());
        Assert.Equal(Sample.TraceParent, json.GetProperty("traceparent").GetString());
        Assert.Equal("high", json.GetProperty("priority").GetString());
        Assert.Equal(JsonValueKind.Object, json.GetProperty("data").ValueKind);
    }

    [Fact]
    public void An_envelope_survives_a_round_trip()
    {
        var back = CloudEventJson.Deserialize(CloudEventJson.Serialize(Sample));
        Assert.Equal(Sample with { Data = back.Data }, back);
        Assert.Equal(JsonDocument.Parse(Sample.Data).RootElement.GetRawText(), JsonDocument.Parse(back.Data).RootElement.GetRawText());
    }

    [Theory]
    [InlineData("""{"specversion":"0.3","id":"x","source":"s","type":"t","time":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""{"specversion":"1.0","source":"s","type":"t","time":"2026-01-01T00:00:00Z"}""")]
    [InlineData("""[1,2]""")]
    public void A_malformed_event_is_rejected(string json) =>
        Assert.ThrowsAny<Exception>(() => CloudEventJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));
}
