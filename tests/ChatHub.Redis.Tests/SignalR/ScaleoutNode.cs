using ChatHub.Redis.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ChatHub.Testing.SignalR;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.SignalR;

/// <summary>One node: a real Kestrel host with <see cref="ScaleoutTestHub"/> at <c>/hub</c> and the Redis backplane.</summary>
public sealed class ScaleoutNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScaleoutNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public RedisConnection Redis => _app.Services.GetRequiredService<RedisConnection>();

    public static async Task<ScaleoutNode> StartAsync(RespServerProcess server, string keyPrefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["ConnectionStrings:Redis"] = ConnectionString(server);
        builder.Configuration["Redis:KeyPrefix"] = keyPrefix;
        builder.Services.AddSignalR();
        RedisServiceCollectionExtensions.AddRedisServices(builder.Services, builder.Configuration);
        var app = builder.Build();
        app.UseWebSockets();
        app.MapHub<ScaleoutTestHub>("/hub");
        await app.StartAsync().DefaultTimeout();
        Assert.True(app.Services.GetRequiredService<RedisConnection>().IsConnected);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ScaleoutNode(app, new Uri(address));
    }

    /// <summary>The server's connection string.</summary>
    public static string ConnectionString(RespServerProcess server) => server.ConnectionString;

    public Task<SignalRTestClient> ConnectAsync() => SignalRTestClient.ConnectAsync(Address, "/hub");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
