using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Adapters.Discord.Ingress;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>The Bot Framework and Discord inputs the fuzz suite found mishandled, one test each (docs/reliability.md, "Fuzzing").</summary>
public sealed class BotFrameworkAndDiscordHostileInputTests : IAsyncLifetime
{
    private BotFrameworkHub _hub = null!;

    public async Task InitializeAsync() => _hub = await BotFrameworkHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Messages_NullEntityInList_SkippedAndMessageAccepted()
    {
        var conversation = "a:null-entity-" + BotFrameworkHub.NextId();
        var activity = JsonNode.Parse(_hub.Activity("personal_message", id: BotFrameworkHub.NextId(), conversationId: conversation))!;
        activity["entities"] = new JsonArray(null, new JsonObject { ["type"] = "clientInfo" });

        var response = await _hub.PostActivityAsync(activity.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // was 503: the null entity threw in the mapper
        Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("Text")]
    public async Task Messages_RepeatedMember_400(string secondName)
    {
        var conversation = "a:repeated-" + BotFrameworkHub.NextId();
        var body = _hub.Activity("personal_message", id: BotFrameworkHub.NextId(), conversationId: conversation);
        body = body[..^1] + $",\"{secondName}\":\"or this one?\"}}";

        var response = await _hub.PostActivityAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // was 200: the last one won, silently
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
    }

    [Fact]
    public async Task Messages_NotJsonContentType_415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/messages", UriKind.Relative))
        {
            Content = new StringContent(_hub.Activity("personal_message", id: BotFrameworkHub.NextId()), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _hub.Issuer.BotConnectorToken(_hub.Connector.ServiceUrl));

        var response = await _hub.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("channel_id")]
    public void DiscordMap_EmptySnowflake_IgnoredNotThrown(string field)
    {
        // Was an ArgumentException from MessageIds: the dispatch loop then retried it five times with backoff,
        // holding every later Discord message behind it for seconds.
        var d = DiscordPayloads.Dm(DiscordPayloads.NextId(), "42", "What is ChatHub?");
        d[field] = "";
        var message = GatewayFrames.TryReadMessageCreate(JsonSerializer.SerializeToElement(d), out var read) ? read : null;
        var mapper = new DiscordMessageMapper(new DiscordBotIdentity(FakeDiscord.BotUserId, FakeDiscord.BotUsername), DiscordGuildMode.Mentioned);

        var mapped = mapper.Map(Assert.IsType<Adapters.Discord.Api.DiscordMessage>(message), DateTimeOffset.UnixEpoch);

        Assert.Null(mapped.Message);
        Assert.StartsWith("malformed", mapped.IgnoredReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":null,"channel_id":"1","type":0,"content":"hi","author":{"id":"2"}}""", "a null id")]
    [InlineData("""{"id":"1","channel_id":"1","content":"hi","author":{"id":"2"}}""", "no type (would read as 0, a person's message)")]
    [InlineData("""{"id":"1","channel_id":"1","type":0,"content":"hi","content":"bye","author":{"id":"2"}}""", "a repeated member")]
    [InlineData("""{"id":"1","channel_id":"1","type":0,"content":"hi","author":{"id":null}}""", "a null author id")]
    public void DiscordRead_MalformedMessageCreate_Refused(string d, string what)
    {
        using var document = JsonDocument.Parse(d);

        Assert.False(GatewayFrames.TryReadMessageCreate(document.RootElement, out _), what);
    }

    [Fact]
    public void DiscordParse_InvalidUtf8Frame_MalformedNotThrown()
    {
        byte[] frame = [.. """{"op":0,"t":"MESSAGE_CREATE","d":{"content":" """u8, 0xC3, 0x28, .. "\"}}"u8];

        Assert.False(GatewayFrames.TryParse(frame, out _, out var error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }
}
