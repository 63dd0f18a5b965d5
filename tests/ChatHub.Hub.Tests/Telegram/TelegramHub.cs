using System.Net.Http.Headers;
using System.Text;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>A real hub on Kestrel with the Telegram adapter pointed at a loopback fake Bot API, and a recording bus.</summary>
public sealed class TelegramHub : IAsyncDisposable
{
    public const string Secret = "hub-test-secret_1";

    private readonly HttpClient _http;

    private TelegramHub(FakeBotApi fake, HubServer server)
    {
        Fake = fake;
        Server = server;
        _http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FakeBotApi Fake { get; }

    public HubServer Server { get; }

    public RecordingMessageBus Bus => Server.Services.GetRequiredService<RecordingMessageBus>();

    public HttpClient Http => _http;

    /// <summary>Starts a fake Bot API and a hub in webhook mode with a secret; <paramref name="settings"/> add or override keys.</summary>
    public static async Task<TelegramHub> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, FakeBotApi? fake = null)
    {
        fake ??= await FakeBotApi.StartAsync().DefaultTimeout();
        var values = Settings(fake);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var server = await HubServer.StartAsync(values, builder =>
        {
            RecordingMessageBus.Install(builder);
            configure?.Invoke(builder);
        });
        return new TelegramHub(fake, server);
    }

    public static Dictionary<string, string?> Settings(FakeBotApi fake) => new()
    {
        ["Channels:Telegram:Token"] = FakeBotApi.Token,
        ["Channels:Telegram:ApiBaseUrl"] = fake.BaseAddress.ToString(),
        ["Channels:Telegram:Mode"] = "webhook",
        ["Channels:Telegram:WebhookSecret"] = Secret,
        ["Channels:Telegram:RetryBaseDelay"] = "00:00:00.020",
        ["Channels:Telegram:RetryMaxDelay"] = "00:00:00.100",
    };

    /// <summary>POSTs a body to /webhooks/telegram as Telegram does (the secret header unless told otherwise).</summary>
    public Task<HttpResponseMessage> PostUpdateAsync(string body, string? secret = Secret, bool chunked = false) =>
        PostUpdateAsync(_http, body, secret, chunked);

    /// <summary>The same through any client of a hub (another node, a hub restarted on the same storage).</summary>
    public static async Task<HttpResponseMessage> PostUpdateAsync(HttpClient http, string body, string? secret = Secret, bool chunked = false)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/telegram", UriKind.Relative));
        var bytes = Encoding.UTF8.GetBytes(body);
        request.Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return await http.SendAsync(request).DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
