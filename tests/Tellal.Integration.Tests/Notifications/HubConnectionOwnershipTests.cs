using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.Notifications;

/// <summary>
/// A hub connection (of either hub) belongs to the user who negotiated it: another signed-in user who learns its connection token can
/// neither read its messages (long polling) nor send on it nor close it, and the owner's connection is unharmed.
/// </summary>
public sealed class HubConnectionOwnershipTests : IAsyncLifetime
{
    private readonly TellalApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/hubs/notifications")]
    [InlineData("/hubs/chat")]
    public async Task Another_user_holding_the_connection_token_can_neither_read_send_nor_close(string hub)
    {
        using var owner = await _app.NewUserAsync(TellalPolicies.Requester);
        using var intruder = await _app.NewUserAsync(TellalPolicies.Requester);
        using var anonymous = _app.CreateClient();

        using var negotiated = await owner.PostAsync($"{hub}/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, negotiated.StatusCode);
        var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString()!;
        var connection = $"{hub}?id={Uri.EscapeDataString(token)}";

        foreach (var client in new[] { intruder, anonymous })
        {
            using var poll = await client.GetAsync(connection);
            AssertRefused(poll, "poll");
            using var send = await client.PostAsync(connection, new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e"));
            AssertRefused(send, "send");
            using var close = await client.DeleteAsync(connection);
            AssertRefused(close, "close");
        }

        // The owner's connection is still there: its first poll opens it, the handshake is accepted.
        using var firstPoll = await owner.GetAsync(connection);
        Assert.Equal(HttpStatusCode.OK, firstPoll.StatusCode);
        using var handshake = await owner.PostAsync(connection, new StringContent("{\"protocol\":\"json\",\"version\":1}\u001e"));
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        using var closed = await owner.DeleteAsync(connection);
        Assert.Equal(HttpStatusCode.Accepted, closed.StatusCode);
    }

    private static void AssertRefused(HttpResponseMessage response, string what) =>
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound,
            $"Another user's {what} on the connection was answered {(int)response.StatusCode}");
}
