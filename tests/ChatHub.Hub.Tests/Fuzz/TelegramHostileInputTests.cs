using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatHub.Adapters.Telegram;
using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>The Telegram webhook inputs the fuzz suite found mishandled, one test each (docs/reliability.md, "Fuzzing").</summary>
public sealed class TelegramHostileInputTests : IClassFixture<TelegramHubFixture>
{
    private readonly TelegramHub _hub;

    public TelegramHostileInputTests(TelegramHubFixture fixture) => _hub = fixture.Hub;

    /// <summary>A private message with <paramref name="chat"/> as its chat (raw JSON) and <paramref name="extra"/> members.</summary>
    private static string Update(long chatId, string? chat = null, string extra = "")
    {
        var id = chatId.ToString(CultureInfo.InvariantCulture);
        chat ??= "{\"id\":" + id + ",\"type\":\"private\"}";
        return "{\"update_id\":" + TelegramUpdates.NextUpdateId().ToString(CultureInfo.InvariantCulture)
            + ",\"message\":{\"message_id\":1,\"date\":1767225600,\"from\":{\"id\":" + id + ",\"is_bot\":false,\"first_name\":\"Eve\"},\"chat\":" + chat
            + ",\"text\":\"What is ChatHub?\"" + extra + "}}";
    }

    [Theory]
    [InlineData("null", "was 503: a null chat threw in the mapper")]
    [InlineData("""{"type":"private"}""", "was 200 and published to chat 0: a missing id read as 0")]
    [InlineData("""{"id":7199000101,"type":null}""", "was 200 with a null chat-type property on the bus")]
    public async Task Webhook_MalformedChat_400WithReasonNothingPublished(string chat, string before)
    {
        var response = await _hub.PostUpdateAsync(Update(7_199_000_101, chat));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, before);
        Assert.Contains("Telegram Update", await DetailAsync(response), StringComparison.Ordinal);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId is "0" or "7199000101");
    }

    [Fact]
    public async Task Webhook_CallbackQueryWithNullSender_400NotA503()
    {
        // With the button's message present, the mapper read from.id of a null sender (a 503 and Telegram retrying).
        var body = "{\"update_id\":" + TelegramUpdates.NextUpdateId().ToString(CultureInfo.InvariantCulture)
            + ",\"callback_query\":{\"id\":\"q1\",\"from\":null,\"chat_instance\":\"1\",\"data\":\"help\","
            + "\"message\":{\"message_id\":1,\"date\":1,\"chat\":{\"id\":7199000107,\"type\":\"private\"}}}}";

        var response = await _hub.PostUpdateAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_NullEntityInList_SkippedAndMessageAnswered()
    {
        const long chat = 7_199_000_102;

        var response = await _hub.PostUpdateAsync(Update(chat, extra: ""","entities":[null,{"type":"bold","offset":0,"length":4}]"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // was 503: the null entity threw in TelegramAddressing
        Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == chat.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Webhook_RepeatedMember_400()
    {
        var response = await PostJsonAsync(Encoding.UTF8.GetBytes(Update(7_199_000_103, extra: ""","text":"or this one?" """)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // was 200: the last "text" won, silently
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == "7199000103");
    }

    [Fact]
    public async Task Webhook_InvalidUtf8InAnUnreadMember_400()
    {
        var body = Encoding.UTF8.GetBytes(Update(7_199_000_106, extra: ""","future_field":"XX" """));
        var at = body.AsSpan().IndexOf("XX"u8);
        body[at] = 0xC3; // C3 28: a lead byte without its continuation byte
        body[at + 1] = 0x28;

        var response = await PostJsonAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // was 200: skipped members were never decoded
        Assert.Contains("UTF-8", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Webhook_NotJsonContentType_415WithReason(string? contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Update(7_199_000_104)));
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        var response = await PostAsync(content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_WrongSecret_401WithReason()
    {
        var response = await _hub.PostUpdateAsync(Update(7_199_000_105), secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(TelegramWebhookHandler.SecretHeader, await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public void Map_PolledUpdateWithNullChat_IgnoredNotThrown()
    {
        // The reader refuses a null chat, but an Update built another way may have one; a throw here would hold the
        // update unconfirmed and stall polling on it for good.
        var mapper = new TelegramUpdateMapper(new TelegramBotIdentity(FakeBotApi.BotId, FakeBotApi.BotUsername), TelegramGroupMode.Addressed);
        var update = new global::Telegram.Bot.Types.Update { Id = 1, Message = new global::Telegram.Bot.Types.Message { Id = 1, Chat = null!, Text = "hi" } };

        var mapped = mapper.Map(update, DateTimeOffset.UnixEpoch);

        Assert.Null(mapped.Message);
        Assert.StartsWith("malformed", mapped.IgnoredReason, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostJsonAsync(byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await PostAsync(content);
    }

    /// <summary>POSTs with the right secret and the content's own Content-Type (none if it has none).</summary>
    private async Task<HttpResponseMessage> PostAsync(HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/webhooks/telegram", UriKind.Relative)) { Content = content };
        request.Headers.Add(TelegramWebhookHandler.SecretHeader, TelegramHub.Secret);
        return await _hub.Http.SendAsync(request).DefaultTimeout();
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString()!;
    }
}
