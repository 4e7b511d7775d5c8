using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Messaging.Outbox;
using Tellal.Notifications.Email;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Notifications;

/// <summary>
/// An address no mail can go to (stored before input was checked, say) fails its email once, as a dead letter with a
/// clear reason, instead of being retried for half an hour.
/// </summary>
public sealed class UndeliverableEmailTests : IAsyncLifetime
{
    private readonly TellalApp _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("someone@example.com\r\nBcc: everyone@example.com")]
    [InlineData("not an address")]
    public async Task An_undeliverable_address_is_dead_lettered_after_one_attempt(string address)
    {
        var admin = await _app.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var notification = Guid.NewGuid();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IMessagePublisher>().Publish(
                new SendEmail(notification, address, "someone", "Your report is ready", "text", "<p>html</p>"));
            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
        }

        JsonElement? letter = null;
        await Eventually.HoldsAsync(async () =>
        {
            letter = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters")).EnumerateArray()
                .Cast<JsonElement?>().FirstOrDefault(l => l!.Value.GetProperty("reason").GetString()!.Contains("cannot receive mail", StringComparison.Ordinal));
            return letter is not null;
        }, "the email is dead-lettered", TimeSpan.FromSeconds(30));
        Assert.Equal(1, letter!.Value.GetProperty("attempts").GetInt32());
        Assert.DoesNotContain("\n", letter.Value.GetProperty("reason").GetString()!, StringComparison.Ordinal);
    }
}
