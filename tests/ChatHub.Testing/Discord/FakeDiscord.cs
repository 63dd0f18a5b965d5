using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.Discord;

/// <summary>
/// A loopback fake of Discord (real sockets on 127.0.0.1, port 0), written from the documented protocol. REST under
/// <c>/api/v10</c>: <c>GET /gateway/bot</c>, create, edit and typing, with <c>Authorization: Bot</c> checked,
/// rate-limit headers on every answer, <c>enforce_nonce</c> honoured and scripted errors (<see cref="Script"/>).
/// The gateway at <c>/gateway</c> (and <c>/gateway-resume</c>, the READY <c>resume_gateway_url</c>): HELLO,
/// heartbeat ACKs (or not: <see cref="SkipHeartbeatAcks"/>), IDENTIFY → READY, RESUME → replay of the missed
/// dispatches → RESUMED, and scripted events, drops, op 7, op 9, close codes and malformed frames.
/// </summary>
public sealed partial class FakeDiscord : IAsyncDisposable
{
    public const string Token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.test-signature_abcdefghijklmnopqrstuv";
    public const string BotUserId = "123456789012345678";
    public const string BotUsername = "ChatHubTestBot";
    public const string ApplicationId = "223456789012345678";

    private readonly object _gate = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly WebApplication _app;

    private FakeDiscord(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What <c>Channels:Discord:ApiBaseUrl</c> points at.</summary>
    public Uri ApiBaseUrl => new(BaseAddress, "/api/v10");

    public Uri GatewayUrl => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/gateway" }.Uri;

    public Uri ResumeUrl => new UriBuilder(BaseAddress) { Scheme = "ws", Path = "/gateway-resume" }.Uri;

    public static async Task<FakeDiscord> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app);
        app.UseWebSockets();
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>Completes once <paramref name="condition"/> holds (checked now and after every change the fake sees).</summary>
    public Task WaitUntilAsync(Func<bool> condition)
    {
        lock (_gate)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, done));
            return done.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var connection in _connections.Where(c => !c.Ended))
            {
                connection.Abort();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        return path.TrimEnd('/') is "/gateway" or "/gateway-resume" ? HandleGatewayAsync(context) : HandleRestAsync(context);
    }

    private void Changed()
    {
        List<TaskCompletionSource> done = [];
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Condition()).ToList())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }
}
