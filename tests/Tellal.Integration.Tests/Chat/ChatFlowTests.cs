using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Chat;

/// <summary>Staff chat on the embedded default (one node, in-process delivery and presence).</summary>
public sealed class ChatFlowTests(ChatApp chat) : IClassFixture<ChatApp>
{
    [Fact]
    public async Task A_message_in_a_channel_reaches_every_connected_member_and_counts_as_unread_until_read()
    {
        var (ayse, cem) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        var room = await chat.NewChannelAsync(ayse, cem);
        await using var cemLive = await chat.ListenAsync(cem);

        var posted = await ChatApp.PostAsync(ayse.Client, room, "The daily report is late today");

        var pushed = await cemLive.WaitForAsync(m => m.GetProperty("id").GetInt64() == posted.GetProperty("id").GetInt64());
        Assert.Equal(room, pushed.GetProperty("roomId").GetGuid());
        Assert.Equal(ayse.Name, pushed.GetProperty("author").GetString());
        Assert.Equal("The daily report is late today", pushed.GetProperty("text").GetString());
        Assert.Equal(posted.GetProperty("sentAt").GetDateTimeOffset(), pushed.GetProperty("sentAt").GetDateTimeOffset());

        var seenByCem = await ChatApp.RoomAsync(cem.Client, room);
        Assert.Equal(1, seenByCem.GetProperty("unread").GetInt32());
        Assert.Equal("channel", seenByCem.GetProperty("kind").GetString());
        Assert.StartsWith("#", seenByCem.GetProperty("name").GetString());
        Assert.Equal(0, (await ChatApp.RoomAsync(ayse.Client, room)).GetProperty("unread").GetInt32());

        var read = await cem.Client.PostAsJsonAsync($"/api/chat/rooms/{room}/read", new { lastMessageId = posted.GetProperty("id").GetInt64() });
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        Assert.Equal(0, (await ChatApp.RoomAsync(cem.Client, room)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Only_members_read_or_post_and_a_member_the_admin_removes_is_refused_from_then_on()
    {
        var (member, outsider) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        var room = await chat.NewChannelAsync(member);
        await ChatApp.PostAsync(member.Client, room, "members only");

        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Client.GetAsync($"/api/chat/rooms/{room}/messages")).StatusCode);
        var posted = await outsider.Client.PostAsJsonAsync($"/api/chat/rooms/{room}/messages", new { text = "let me in" });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.Client.GetAsync($"/api/chat/rooms/{room}/members")).StatusCode);
        Assert.DoesNotContain((await outsider.Client.GetFromJsonAsync<JsonElement>("/api/chat/rooms")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == room);
        Assert.Equal(HttpStatusCode.NotFound, (await member.Client.GetAsync($"/api/chat/rooms/{Guid.NewGuid()}/messages")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await chat.Admin.DeleteAsync($"/api/chat/rooms/{room}/members/{member.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.GetAsync($"/api/chat/rooms/{room}/messages")).StatusCode);

        // Members are the admin's to manage: a member cannot add anyone, herself included.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.Client.PutAsync($"/api/chat/rooms/{room}/members/{member.Name}", null)).StatusCode);
    }

    [Fact]
    public async Task Two_staff_members_have_one_direct_conversation_which_nobody_else_reads()
    {
        var (ayse, cem, other) = (await chat.NewStaffAsync(), await chat.NewStaffAsync(), await chat.NewStaffAsync());

        var opened = await ayse.Client.PostAsJsonAsync("/api/chat/direct", new { userName = cem.Name });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var room = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var again = await cem.Client.PostAsJsonAsync("/api/chat/direct", new { userName = ayse.Name.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(room, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        await ChatApp.PostAsync(cem.Client, room, "Can you approve my report?");
        var seenByAyse = await ChatApp.RoomAsync(ayse.Client, room);
        Assert.Equal(cem.Name, seenByAyse.GetProperty("name").GetString());
        Assert.Equal("direct", seenByAyse.GetProperty("kind").GetString());
        Assert.Equal(1, seenByAyse.GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/api/chat/rooms/{room}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await chat.Admin.PutAsync($"/api/chat/rooms/{room}/members/{other.Name}", null)).StatusCode);
    }

    [Fact]
    public async Task History_pages_back_by_id_and_a_reconnecting_client_catches_up_with_what_it_missed()
    {
        var (ayse, cem) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        var room = await chat.NewChannelAsync(ayse, cem);
        var ids = new List<long>();
        for (var i = 1; i <= 7; i++)
        {
            ids.Add((await ChatApp.PostAsync(ayse.Client, room, $"message {i}")).GetProperty("id").GetInt64());
        }

        var newest = await cem.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages?limit=3");
        Assert.Equal(ids[4..], Ids(newest));
        Assert.True(newest.GetProperty("hasMore").GetBoolean());
        var older = await cem.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages?limit=3&before={ids[4]}");
        Assert.Equal(ids[1..4], Ids(older));
        var oldest = await cem.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages?limit=3&before={ids[1]}");
        Assert.Equal(ids[..1], Ids(oldest));
        Assert.False(oldest.GetProperty("hasMore").GetBoolean());

        // Cem's connection drops after message 7; two more are said while he is away.
        var seen = new Dictionary<Guid, long> { [room] = ids[^1] };
        var missed = new[] { (await ChatApp.PostAsync(ayse.Client, room, "message 8")).GetProperty("id").GetInt64(),
            (await ChatApp.PostAsync(ayse.Client, room, "message 9")).GetProperty("id").GetInt64() };
        await using var back = await chat.ListenAsync(cem);
        var caughtUp = await ChatListener.CatchUpAsync(cem.Client, seen);
        Assert.Equal(missed, caughtUp.Where(m => m.GetProperty("roomId").GetGuid() == room).Select(m => m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_mention_gives_that_member_a_popup_and_an_inbox_entry_and_markup_stays_text()
    {
        var (ayse, cem) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        var room = await chat.NewChannelAsync(ayse, cem);
        await using var popups = await NotificationListener.ConnectAsync(chat.App, cem.Client);

        var text = $"@{cem.Name.ToUpperInvariant()} look: <script>alert('x')</script> <b>bold</b>";
        var posted = await ChatApp.PostAsync(ayse.Client, room, text);
        Assert.Equal(text, posted.GetProperty("text").GetString());

        var popup = await popups.WaitForAsync(p => p.GetProperty("kind").GetString() == "chat.mention");
        Assert.Contains(ayse.Name, popup.GetProperty("title").GetString());
        Assert.Equal($"/chat?room={room}", popup.GetProperty("url").GetString());
        var inbox = await cem.Client.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("kind").GetString() == "chat.mention");
        var history = await cem.Client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/messages");
        Assert.Equal(text, history.GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_member_with_an_open_connection_is_online_and_offline_once_it_closes()
    {
        var (ayse, cem) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        var room = await chat.NewChannelAsync(ayse, cem);

        var live = await chat.ListenAsync(cem);
        await Eventually.HoldsAsync(async () => await OnlineAsync(ayse.Client, room, cem.Name), "cem is online");
        Assert.False(await OnlineAsync(ayse.Client, room, ayse.Name));

        await live.DisposeAsync();
        await Eventually.HoldsAsync(async () => !await OnlineAsync(ayse.Client, room, cem.Name), "cem is offline");
    }

    [Fact]
    public async Task Going_online_and_offline_is_pushed_to_the_others_in_the_process()
    {
        var (ayse, cem) = (await chat.NewStaffAsync(), await chat.NewStaffAsync());
        await using var ayseLive = await chat.ListenAsync(ayse);

        var cemLive = await chat.ListenAsync(cem);
        var online = await ayseLive.WaitForPresenceAsync(cem.Name, online: true);
        await cemLive.DisposeAsync();
        var offline = await ayseLive.WaitForPresenceAsync(cem.Name, online: false);
        Assert.True(offline.GetProperty("version").GetInt64() > online.GetProperty("version").GetInt64());
    }

    public static async Task<bool> OnlineAsync(HttpClient client, Guid room, string name) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{room}/members")).EnumerateArray()
            .Single(m => m.GetProperty("userName").GetString() == name).GetProperty("online").GetBoolean();

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("id").GetInt64())];
}
