using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>
/// A real hub on Kestrel with the Bot Framework adapter pointed at a loopback token issuer (metadata, keys, token
/// endpoint) and a loopback connector, and a recording bus.
/// </summary>
public sealed class BotFrameworkHub : IAsyncDisposable
{
    public const string Welcome = "Hello! Ask me anything about ChatHub.";

    /// <summary>A setting's value that <see cref="StartAsync"/> replaces with the fake connector's service URL.</summary>
    public const string ConnectorServiceUrl = "(the fake connector's service URL)";

    private static long _nextId = 1_767_700_000_000;

    private BotFrameworkHub(FakeTokenIssuer issuer, FakeConnector connector, HubServer server)
    {
        Issuer = issuer;
        Connector = connector;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FakeTokenIssuer Issuer { get; }

    public FakeConnector Connector { get; }

    public HubServer Server { get; }

    public HttpClient Http { get; }

    public RecordingMessageBus Bus => Server.Services.GetRequiredService<RecordingMessageBus>();

    /// <summary>
    /// Starts the fakes (or uses <paramref name="issuer"/>) and the hub. The fake connector's loopback URL is added to
    /// the service URL allow-list unless <paramref name="allowConnector"/> is false (then only the defaults, Microsoft's
    /// hosts, are allowed).
    /// </summary>
    public static async Task<BotFrameworkHub> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, bool allowConnector = true,
        FakeTokenIssuer? issuer = null)
    {
        issuer ??= await FakeTokenIssuer.StartAsync().DefaultTimeout();
        var connector = await FakeConnector.StartAsync().DefaultTimeout();
        var values = issuer.Settings();
        values["Channels:Teams:WelcomeMessage"] = Welcome;
        if (allowConnector)
        {
            values["Channels:Teams:AllowedServiceUrls:0"] = connector.ServiceUrl; // a loopback URL, not a Microsoft host
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value == ConnectorServiceUrl ? connector.ServiceUrl : value;
        }

        var server = await HubServer.StartAsync(values, builder =>
        {
            RecordingMessageBus.Install(builder);
            configure?.Invoke(builder);
        });
        return new BotFrameworkHub(issuer, connector, server);
    }

    public static string NextId() => Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A recorded payload of tests/ChatHub.Adapters.Tests/Payloads/teams (one set of shapes for both suites) with the
    /// serviceUrl pointed at the fake connector, and the activity id, conversation id and text replaced when given.
    /// </summary>
    public string Activity(string payload, string? id = null, string? conversationId = null, string? text = null)
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "ChatHub.Adapters.Tests", "Payloads", "teams", payload + ".json");
        var activity = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        activity["serviceUrl"] = Connector.ServiceUrl;
        if (id is not null)
        {
            activity["id"] = id;
        }

        if (conversationId is not null)
        {
            activity["conversation"]!["id"] = conversationId;
        }

        if (text is not null)
        {
            activity["text"] = text;
        }

        return activity.ToJsonString();
    }

    /// <summary>A recorded payload (see <see cref="Activity(string, string?, string?, string?)"/>) changed by <paramref name="change"/>.</summary>
    public string Activity(string payload, string id, string conversationId, Action<JsonObject> change)
    {
        var activity = JsonNode.Parse(Activity(payload, id, conversationId))!.AsObject();
        change(activity);
        return activity.ToJsonString();
    }

    /// <summary>POSTs a body to /api/messages with a bearer token (a valid Bot Connector token for the fake connector unless given).</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(string body, string? token = "", bool chunked = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative));
        var bytes = Encoding.UTF8.GetBytes(body);
        request.Content = chunked ? new StreamContent(new MemoryStream(bytes)) : new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Length == 0 ? Issuer.BotConnectorToken(Connector.ServiceUrl) : token);
        }

        return await Http.SendAsync(request).DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
