using ChatHub.Adapters.Telegram;
using Microsoft.Extensions.DependencyInjection;
using ChatHub.Testing.Telegram;

namespace ChatHub.Adapters.Tests.Telegram;

/// <summary>The Bot API HttpClient's primary handler: connections to the server are bounded.</summary>
public sealed class TelegramHttpClientTests
{
    private static SocketsHttpHandler PrimaryHandler(ServiceProvider services)
    {
        HttpMessageHandler handler = services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler("ChatHub.Telegram");
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        return Assert.IsType<SocketsHttpHandler>(handler);
    }

    [Fact]
    public async Task AddTelegram_Default_MaxConnectionsPerServerIs256()
    {
        await using var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        await using var services = TelegramServices.Build(fake);

        Assert.Equal(new TelegramOptions().MaxConnectionsPerServer, PrimaryHandler(services).MaxConnectionsPerServer);
        Assert.Equal(256, new TelegramOptions().MaxConnectionsPerServer);
    }

    [Fact]
    public async Task AddTelegram_Configured_MaxConnectionsPerServerHonoured()
    {
        await using var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        await using var services = TelegramServices.Build(fake, settings: new Dictionary<string, string?> { ["Channels:Telegram:MaxConnectionsPerServer"] = "8" });

        Assert.Equal(8, PrimaryHandler(services).MaxConnectionsPerServer);
    }
}
