using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Tellal.Integration.Tests.Infrastructure;

/// <summary>What the tests' hub listeners share: connecting as a signed-in page does, and waiting for a pushed event.</summary>
public static class HubClient
{
    /// <summary>
    /// A connection to <paramref name="path"/>, not started (the listener subscribes first): through the in-memory test
    /// server (long polling) when <paramref name="handler"/> is given, else over WebSockets to a real address.
    /// </summary>
    public static HubConnection Build(Uri baseAddress, string path, string token, Func<HttpMessageHandler>? handler = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, path), options =>
            {
                if (handler is not null)
                {
                    options.HttpMessageHandlerFactory = _ => handler();
                    options.Transports = HttpTransportType.LongPolling;
                }
                else
                {
                    options.Transports = HttpTransportType.WebSockets;
                }

                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    public static string TokenOf(HttpClient signedIn) =>
        signedIn.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("Not signed in.");

    /// <summary>The first of <paramref name="events"/> (filled as pushes arrive) that matches, or a failed assertion saying <paramref name="failure"/>.</summary>
    public static async Task<JsonElement> WaitForAsync(IEnumerable<JsonElement> events, Func<JsonElement, bool> match, TimeSpan? timeout, string failure)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = events.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }
}
