using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Chat.Staff;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Chat;

/// <summary>One node on the embedded default shared by a class's chat tests; each test makes its own staff and rooms.</summary>
public sealed class ChatApp : IAsyncLifetime
{
    public const string Password = "a-password-for-tests";

    public ChatApp()
        : this(null)
    {
    }

    /// <summary>With settings of its own (a test class's fixture wraps it; xUnit wants one public constructor).</summary>
    internal ChatApp(IReadOnlyDictionary<string, string?>? settings) => App = new(settings: settings);

    public TellalApp App { get; }

    public HttpClient Admin { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A new staff member (in <paramref name="role"/>), signed in, once the chat module knows about them.</summary>
    public async Task<Staff> NewStaffAsync(string role = TellalPolicies.Requester)
    {
        var name = $"s{Guid.NewGuid():N}"[..12];
        var created = await Admin.PostAsJsonAsync("/api/users", new { userName = name, password = Password, roles = new[] { role } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<StaffMember>().AnyAsync(s => s.UserName == name);
        }, $"chat knows {name}");
        return new Staff(name, await App.SignedInClientAsync(name, Password));
    }

    /// <summary>A channel the admin creates with these members (the admin is one too).</summary>
    public async Task<Guid> NewChannelAsync(params Staff[] members)
    {
        var created = await Admin.PostAsJsonAsync("/api/chat/rooms", new { name = $"c{Guid.NewGuid():N}"[..20] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var member in members)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync($"/api/chat/rooms/{id}/members/{member.Name}", null)).StatusCode);
        }

        return id;
    }

    public Task<ChatListener> ListenAsync(Staff staff) =>
        ChatListener.ConnectAsync(App.Server.BaseAddress, staff.Token, App.Server.CreateHandler);

    public static async Task<JsonElement> PostAsync(HttpClient client, Guid room, string text)
    {
        var response = await client.PostAsJsonAsync($"/api/chat/rooms/{room}/messages", new { text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> RoomAsync(HttpClient client, Guid room) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/chat/rooms")).EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == room);
}

public sealed record Staff(string Name, HttpClient Client)
{
    public string Token => Client.DefaultRequestHeaders.Authorization!.Parameter!;
}
