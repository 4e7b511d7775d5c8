using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tellal.Integration.Tests.Chat;

/// <summary>Bad input answers RFC 9457 problems that say what is wrong; a user over the rate gets 429 and loses nothing accepted.</summary>
public sealed class ChatInputTests(ChatInputTests.LimitedChat chat) : IClassFixture<ChatInputTests.LimitedChat>
{
    private const int Burst = 3;

    /// <summary>A node whose chat allows a burst of <see cref="Burst"/> messages, then one a minute.</summary>
    public sealed class LimitedChat() : IAsyncLifetime
    {
        public ChatApp Chat { get; } = new(new Dictionary<string, string?>
        {
            ["Tellal:Chat:MessageBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Tellal:Chat:MessagesPerMinute"] = "1",
            ["Tellal:Chat:MaxMessageLength"] = "100",
        });

        public ValueTask InitializeAsync() => Chat.InitializeAsync();

        public ValueTask DisposeAsync() => Chat.DisposeAsync();
    }

    [Theory]
    [InlineData("", "Required: 1 to 100 characters.")]
    [InlineData("   ", "Required: 1 to 100 characters.")]
    public async Task An_empty_message_is_refused_saying_the_limits(string text, string error)
    {
        var staff = await chat.Chat.NewStaffAsync();
        var room = await chat.Chat.NewChannelAsync(staff);

        var problem = await ProblemAsync(await staff.Client.PostAsJsonAsync($"/api/chat/rooms/{room}/messages", new { text }), HttpStatusCode.BadRequest);

        Assert.Equal(error, problem.GetProperty("errors").GetProperty("text")[0].GetString());
    }

    [Fact]
    public async Task An_over_long_message_is_refused_saying_the_limit_and_nothing_is_stored()
    {
        var staff = await chat.Chat.NewStaffAsync();
        var room = await chat.Chat.NewChannelAsync(staff);

        var problem = await ProblemAsync(await staff.Client.PostAsJsonAsync($"/api/chat/rooms/{room}/messages", new { text = new string('a', 101) }), HttpStatusCode.BadRequest);

        Assert.Equal("At most 100 characters (this one has 101).", problem.GetProperty("errors").GetProperty("text")[0].GetString());
        Assert.Empty((await staff.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_user_posting_faster_than_the_rate_gets_429_with_retry_after_and_every_accepted_message_is_kept()
    {
        var staff = await chat.Chat.NewStaffAsync();
        var room = await chat.Chat.NewChannelAsync(staff);
        var accepted = new List<long>();
        HttpResponseMessage response;
        while ((response = await staff.Client.PostAsJsonAsync($"/api/chat/rooms/{room}/messages", new { text = $"line {accepted.Count}" })).StatusCode == HttpStatusCode.Created)
        {
            accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var problem = await ProblemAsync(response, (HttpStatusCode)429);
        Assert.True(accepted.Count >= Burst, $"only {accepted.Count} accepted");
        Assert.Contains("At most 1 messages a minute", problem.GetProperty("detail").GetString());
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var stored = await staff.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages");
        Assert.Equal(accepted, stored.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Bad_channels_unknown_people_and_bad_pages_are_refused_with_problems()
    {
        var staff = await chat.Chat.NewStaffAsync();
        var room = await chat.Chat.NewChannelAsync(staff);

        var badName = await ProblemAsync(await chat.Chat.Admin.PostAsJsonAsync("/api/chat/rooms", new { name = "Not A Name!" }), HttpStatusCode.BadRequest);
        Assert.True(badName.GetProperty("errors").TryGetProperty("name", out _));
        var name = $"#dup-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Created, (await chat.Chat.Admin.PostAsJsonAsync("/api/chat/rooms", new { name })).StatusCode);
        await ProblemAsync(await chat.Chat.Admin.PostAsJsonAsync("/api/chat/rooms", new { name }), HttpStatusCode.Conflict);

        await ProblemAsync(await staff.Client.PostAsJsonAsync("/api/chat/direct", new { userName = "nobody-by-this-name" }), HttpStatusCode.NotFound);
        await ProblemAsync(await staff.Client.PostAsJsonAsync("/api/chat/direct", new { userName = staff.Name }), HttpStatusCode.BadRequest);
        await ProblemAsync(await staff.Client.GetAsync($"/api/chat/rooms/{room}/messages?limit=0"), HttpStatusCode.BadRequest);
        await ProblemAsync(await staff.Client.GetAsync($"/api/chat/rooms/{room}/messages?before=5&after=1"), HttpStatusCode.BadRequest);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
