using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.WhatsApp;

namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>
/// A real hub on Kestrel with the WhatsApp adapter pointed at a loopback Cloud API (<see cref="FakeCloudApi"/>), and a
/// recording bus. Notifications are signed with <see cref="AppSecret"/> as Meta signs them.
/// </summary>
public sealed class WhatsAppHub : IAsyncDisposable
{
    public const string PhoneNumberId = "106540352242922";
    public const string AppSecret = "fake-app-secret-7f3c9a1e5b";
    public const string VerifyToken = "verify-token-0123456789abcdef";

    private static long _nextWaId = 4_915_100_000_000;
    private static long _nextMessage;

    private WhatsAppHub(FakeCloudApi api, HubServer server)
    {
        Api = api;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FakeCloudApi Api { get; }

    public HubServer Server { get; }

    public HttpClient Http { get; }

    public RecordingMessageBus Bus => Server.Services.GetRequiredService<RecordingMessageBus>();

    public static async Task<WhatsAppHub> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var api = await FakeCloudApi.StartAsync().DefaultTimeout();
        var values = new Dictionary<string, string?>
        {
            ["Channels:WhatsApp:PhoneNumberId"] = PhoneNumberId,
            ["Channels:WhatsApp:AccessToken"] = api.AccessToken,
            ["Channels:WhatsApp:AppSecret"] = AppSecret,
            ["Channels:WhatsApp:VerifyToken"] = VerifyToken,
            ["Channels:WhatsApp:ApiBaseUrl"] = api.ApiBaseUrl.ToString(),
            ["Channels:WhatsApp:AllowInsecureHttp"] = "true",
            ["Channels:WhatsApp:RetryBaseDelay"] = "00:00:00.050",
            ["Channels:WhatsApp:RetryMaxDelay"] = "00:00:01",
            ["Channels:WhatsApp:PairRateLimitDelay"] = "00:00:00.200",
            ["Channels:WhatsApp:PairBurst"] = "45",
            ["Channels:WhatsApp:FailedAuthBurst"] = "10000", // every test client is 127.0.0.1 (the throttle test sets it back)
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var server = await HubServer.StartAsync(values, builder =>
        {
            RecordingMessageBus.Install(builder);
            configure?.Invoke(builder);
        });
        return new WhatsAppHub(api, server);
    }

    /// <summary>A new person's wa_id (digits, as WhatsApp names people).</summary>
    public static string NextWaId() => Interlocked.Increment(ref _nextWaId).ToString(CultureInfo.InvariantCulture);

    /// <summary>A new message id in WhatsApp's shape (<c>wamid.…</c>).</summary>
    public static string NextMessageId() =>
        "wamid.HBgLNDkxNTE" + Interlocked.Increment(ref _nextMessage).ToString("D8", CultureInfo.InvariantCulture) + "AA";

    /// <summary>The person sends <paramref name="text"/>: their window opens at the fake, the notification is signed and POSTed.</summary>
    public async Task<HttpResponseMessage> SendTextAsync(string waId, string messageId, string text, DateTimeOffset? sentAt = null)
    {
        Api.RecordInbound(waId, sentAt ?? DateTimeOffset.UtcNow);
        return await PostAsync(WhatsAppNotifications.Text(PhoneNumberId, waId, messageId, text, sentAt: sentAt));
    }

    /// <summary>POSTs a body to /webhooks/whatsapp, signed with the app secret unless a signature (or null: none) is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? signature = "", string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/whatsapp", UriKind.Relative));
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature.Length == 0 ? WhatsAppNotifications.Sign(body, AppSecret) : signature);
        }

        return await Http.SendAsync(request).DefaultTimeout();
    }

    /// <summary>The verification handshake Meta makes when the webhook is configured.</summary>
    public async Task<HttpResponseMessage> VerifyAsync(string mode, string token, string challenge) =>
        await Http.GetAsync(new Uri(
            $"/webhooks/whatsapp?hub.mode={Uri.EscapeDataString(mode)}&hub.verify_token={Uri.EscapeDataString(token)}&hub.challenge={Uri.EscapeDataString(challenge)}",
            UriKind.Relative)).DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Api.DisposeAsync();
    }
}
