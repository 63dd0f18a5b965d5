using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>A real hub on Kestrel with the Slack adapter pointed at a loopback fake Slack, and a recording bus.</summary>
public sealed class SlackHub : IAsyncDisposable
{
    private SlackHub(FakeSlack fake, HubServer server)
    {
        Fake = fake;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FakeSlack Fake { get; }

    public HubServer Server { get; }

    public HttpClient Http { get; }

    public RecordingMessageBus Bus => Server.Services.GetRequiredService<RecordingMessageBus>();

    public Uri WebhookUrl => new(Server.BaseAddress, "/webhooks/slack");

    /// <summary>Starts a fake Slack and a hub; <paramref name="settings"/> add or override keys.</summary>
    public static async Task<SlackHub> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, FakeSlack? fake = null)
    {
        fake ??= await FakeSlack.StartAsync().DefaultTimeout();
        var values = Settings(fake);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var server = await HubServer.StartAsync(values, builder =>
        {
            RecordingMessageBus.Install(builder);
            configure?.Invoke(builder);
        }).DefaultTimeout();
        return new SlackHub(fake, server);
    }

    public static Dictionary<string, string?> Settings(FakeSlack fake) => new()
    {
        ["Channels:Slack:BotToken"] = FakeSlack.BotToken,
        ["Channels:Slack:SigningSecret"] = FakeSlack.SigningSecret,
        ["Channels:Slack:ApiBaseUrl"] = fake.ApiBaseUrl.ToString(),
        ["Channels:Slack:FailedAuthBurst"] = "10000",
        ["Channels:Slack:RetryBaseDelay"] = "00:00:00.020",
        ["Channels:Slack:RetryMaxDelay"] = "00:00:00.100",
    };

    /// <summary>Posts <paramref name="payload"/> to /webhooks/slack as Slack would (signed now, unless told otherwise).</summary>
    public Task<HttpResponseMessage> PostEventAsync(
        JsonNode payload, string secret = FakeSlack.SigningSecret, DateTimeOffset? timestamp = null, int? retryNum = null) =>
        PostRawAsync(payload.ToJsonString(), secret, timestamp, retryNum);

    public async Task<HttpResponseMessage> PostRawAsync(
        string body, string secret = FakeSlack.SigningSecret, DateTimeOffset? timestamp = null, int? retryNum = null, string contentType = "application/json")
    {
        using var request = SlackPayloads.SignedRequest(WebhookUrl, body, secret, timestamp, retryNum, contentType);
        return await Http.SendAsync(request).DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().DefaultTimeout();
        await Fake.DisposeAsync().AsTask().DefaultTimeout();
    }
}
