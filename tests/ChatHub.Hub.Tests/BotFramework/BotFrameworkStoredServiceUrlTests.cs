using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Testing.BotFramework;
using ChatHub.Testing.Processes;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>
/// A Teams conversation's service URL is kept with the conversation in the configured store: a proactive message
/// reaches the person after the hub restarted on the same SQLite file (the embedded default), and from a node on Redis
/// that never saw the person's activity. The activities use a service URL of their own on the fake connector
/// (<c>/emea/stored/</c>), so the calls show which URL was used.
/// </summary>
public sealed class BotFrameworkStoredServiceUrlTests : IDisposable
{
    private const string Key = "test-admin-key-0123456789abcdef";
    private readonly string _storage = Directory.CreateTempSubdirectory("chathub-teamsurl-").FullName;

    public void Dispose() => Directory.Delete(_storage, recursive: true);

    [Fact]
    public async Task ProactiveMessage_AfterARestartOnTheSameSqliteFile_SentToTheStoredServiceUrl()
    {
        await using var issuer = await FakeTokenIssuer.StartAsync().DefaultTimeout();
        await using var connector = await FakeConnector.StartAsync().DefaultTimeout();
        var serviceUrl = ServiceUrl(connector);
        var settings = Settings(issuer, serviceUrl);
        settings["Storage:Provider"] = "sqlite";
        settings["Storage:Path"] = _storage;
        var conversation = "a:1stored" + BotFrameworkHub.NextId();
        await using (var before = await HubServer.StartAsync(settings).DefaultTimeout())
        {
            await AskAsync(before, issuer, serviceUrl, conversation);
            await connector.WaitForMessagesAsync(conversation).DefaultTimeout();
        }

        await using var after = await HubServer.StartAsync(settings).DefaultTimeout();
        await SendProactiveAsync(after, await HubUserAsync(after), "After the restart.");

        var call = Assert.Single(await connector.WaitForCallsAsync(c => c.IsMessage && c.Text == "After the restart.").DefaultTimeout());
        AssertSentThroughStoredUrl(call, conversation);
    }

    [Fact]
    public async Task ProactiveMessage_TwoNodesOnRedis_TheNodeThatNeverSawTheActivitySendsToTheStoredServiceUrl()
    {
        await using var redis = await RespServerProcess.StartAsync("redis");
        await using var issuer = await FakeTokenIssuer.StartAsync().DefaultTimeout();
        await using var connector = await FakeConnector.StartAsync().DefaultTimeout();
        var serviceUrl = ServiceUrl(connector);
        var settings = Settings(issuer, serviceUrl);
        settings["ConnectionStrings:Redis"] = redis.ConnectionString;
        settings["Redis:KeyPrefix"] = $"teamsurl-{Guid.NewGuid():N}:";
        var conversation = "a:1nodes" + BotFrameworkHub.NextId();
        await using var a = await HubServer.StartAsync(settings).DefaultTimeout();
        await using var b = await HubServer.StartAsync(settings).DefaultTimeout();

        await AskAsync(a, issuer, serviceUrl, conversation);
        await connector.WaitForMessagesAsync(conversation).DefaultTimeout();
        await SendProactiveAsync(b, await HubUserAsync(b), "From node B.");

        var call = Assert.Single(await connector.WaitForCallsAsync(c => c.IsMessage && c.Text == "From node B.").DefaultTimeout());
        AssertSentThroughStoredUrl(call, conversation);
    }

    private static string ServiceUrl(FakeConnector connector) => new Uri(connector.BaseAddress, "emea/stored/").ToString();

    private static Dictionary<string, string?> Settings(FakeTokenIssuer issuer, string serviceUrl)
    {
        var settings = issuer.Settings();
        settings["Channels:Teams:AllowedServiceUrls:0"] = serviceUrl;
        settings["Admin:ApiKey"] = Key;
        return settings;
    }

    private static void AssertSentThroughStoredUrl(ConnectorCall call, string conversation)
    {
        Assert.Equal(conversation, call.ConversationId);
        Assert.StartsWith("/emea/stored/v3/conversations/", call.RawPath, StringComparison.Ordinal);
        Assert.Null(call.ReplyToId); // proactive: not a reply to an activity
        Assert.True(call.Succeeded);
    }

    /// <summary>The person of the recorded 1:1 payload writes /help in <paramref name="conversation"/> (a Bot Connector token for the URL).</summary>
    private static async Task AskAsync(HubServer hub, FakeTokenIssuer issuer, string serviceUrl, string conversation)
    {
        var activity = Payload();
        activity["serviceUrl"] = serviceUrl;
        activity["id"] = BotFrameworkHub.NextId();
        activity["conversation"]!["id"] = conversation;
        activity["text"] = "/help";
        using var http = new HttpClient { BaseAddress = hub.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issuer.BotConnectorToken(serviceUrl));
        using var response = await http.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static JsonObject Payload() => JsonNode.Parse(File.ReadAllText(
        Path.Combine(RepoPaths.Root, "tests", "ChatHub.Adapters.Tests", "Payloads", "teams", "personal_message.json")))!.AsObject();

    /// <summary>The payload's person's hub user, found through the admin API by their Teams identity.</summary>
    private static async Task<string> HubUserAsync(HubServer hub)
    {
        var payload = Payload();
        var userId = $"msteams:{payload["conversation"]!["tenantId"]}:{payload["from"]!["id"]}";
        using var admin = Admin(hub);
        var user = await admin.GetFromJsonAsync<JsonElement>($"/admin/users?channel=teams&userId={Uri.EscapeDataString(userId)}").DefaultTimeout();
        return user.GetProperty("hubUserId").GetString()!;
    }

    private static async Task SendProactiveAsync(HubServer hub, string hubUser, string text)
    {
        using var admin = Admin(hub);
        using var response = await admin.PostAsJsonAsync($"/admin/users/{hubUser}/messages", new { text, channel = "teams" }).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static HttpClient Admin(HubServer hub)
    {
        var admin = new HttpClient { BaseAddress = hub.BaseAddress };
        admin.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return admin;
    }
}
