using System.Net;
using System.Text.Json;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Inference.Knowledge;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Telegram webhook ingress on a real hub: every update kind, redelivery, authentication and bad input.</summary>
public sealed class TelegramWebhookTests : IClassFixture<TelegramHubFixture>
{
    private readonly TelegramHub _hub;

    public TelegramWebhookTests(TelegramHubFixture fixture) => _hub = fixture.Hub;

    private static string KnowledgeAnswer(string question) =>
        KnowledgeBase.Load(Path.Combine(RepoPaths.Root, "content", "knowledge.md")).Entries.Single(e => e.Question == question).Answer;

    [Theory]
    [InlineData("private_text", 7123456789L, 101L, null)]
    [InlineData("private_emoji_cyrillic", 7123456790L, 102L, null)]
    [InlineData("private_photo_caption", 7123456791L, 103L, null)]
    [InlineData("edited_message", 7123456792L, 105L, null)]
    [InlineData("group_command_bot", -4001234567L, 106L, null)]
    [InlineData("supergroup_mention_emoji", -1001234567890L, 108L, null)]
    [InlineData("supergroup_text_mention", -1001234567891L, 109L, null)]
    [InlineData("supergroup_reply_to_bot", -1001234567892L, 110L, null)]
    [InlineData("forum_topic", -1001234567894L, 112L, 77L)]
    [InlineData("channel_post", -1001234567895L, 113L, null)]
    [InlineData("edited_channel_post", -1001234567896L, 114L, null)]
    [InlineData("callback_query", 7123456799L, 300L, null)]
    public async Task Webhook_RecordedUpdate_PublishedAndAnsweredInTheRightPlace(string payload, long chatId, long replyTo, long? thread)
    {
        var response = await _hub.PostUpdateAsync(TelegramUpdates.Payload(payload));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chatId, where: c => c.Succeeded).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(replyTo, reply.ReplyToMessageId);
        Assert.Equal(thread, reply.ThreadId);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.False(reply.Body.ContainsKey("parse_mode"));
    }

    [Theory]
    [InlineData("private_sticker")]
    [InlineData("group_command_other_bot")]
    [InlineData("supergroup_unaddressed")]
    [InlineData("my_chat_member")]
    [InlineData("callback_query_inline")]
    public async Task Webhook_UpdateForNobody_200AndNothingPublished(string payload)
    {
        var before = _hub.Bus.Inbound.Count; // tests of a class run one at a time, and the webhook publishes before answering

        var response = await _hub.PostUpdateAsync(TelegramUpdates.Payload(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, _hub.Bus.Inbound.Count);
    }

    [Fact]
    public async Task Webhook_CallbackQuery_AnsweredSoTheSpinnerStops()
    {
        await _hub.PostUpdateAsync(TelegramUpdates.Payload("callback_query_inline"));

        var answer = await _hub.Fake.WaitForCallsAsync("answerCallbackQuery", where: c => c.Body["callback_query_id"]!.GetValue<string>() == "5592bfdwdsb323b2e1").DefaultTimeout();
        Assert.Single(answer);
    }

    [Fact]
    public async Task Webhook_KnowledgeQuestion_TypingThenPlainKnowledgeAnswerThreaded()
    {
        const long chat = 9100000001;
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 11, "What is ChatHub?"));

        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout())[0];
        var calls = _hub.Fake.Calls.Where(c => c.ChatId == chat).Select(c => c.Method).ToList();

        Assert.Equal(KnowledgeAnswer("What is ChatHub?"), reply.Text);
        Assert.Equal(11, reply.ReplyToMessageId);
        Assert.Equal(["sendChatAction", "sendMessage"], calls);
    }

    [Fact]
    public async Task Webhook_RedeliveredUpdate_AnsweredOnce()
    {
        const long chat = 9100000002;
        var update = TelegramUpdates.Private(chat, 21, "What is ChatHub?");

        var first = await _hub.PostUpdateAsync(update);
        var again = await _hub.PostUpdateAsync(update);
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 22, "/help"));
        await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == 22).DefaultTimeout();

        // Replies in a chat are in order: the reply to 22 came after any reply to 21.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(_hub.Fake.CallsTo("sendMessage", chat), c => c.ReplyToMessageId == 21);
    }

    [Fact]
    public async Task Webhook_EditedMessage_AnsweredAgainButItsRedeliveryIsNot()
    {
        const long chat = 9100000003;
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 31, "What is ChatHub"));
        await _hub.Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout();
        var edit = TelegramUpdates.Edited(chat, 31, "What is ChatHub?", editDate: 1767225999);

        await _hub.PostUpdateAsync(edit);
        await _hub.PostUpdateAsync(edit);
        await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 32, "/help"));
        await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == 32).DefaultTimeout();

        Assert.Equal(2, _hub.Fake.CallsTo("sendMessage", chat).Count(c => c.ReplyToMessageId == 31));
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("hub-test-secret_")]
    [InlineData("hub-test-secret_12")]
    [InlineData(null)]
    public async Task Webhook_WrongOrMissingSecret_401AndNothingPublished(string? secret)
    {
        const long chat = 9100000004;

        var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 41, "What is ChatHub?"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == "9100000004");
        Assert.DoesNotContain(_hub.Fake.Calls, c => c.ChatId == chat);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"an update\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"update_id\": \"seven\"}")]
    [InlineData("{\"update_id\": 1, \"message\": {\"message_id\": 1}}")]
    [InlineData("")]
    public async Task Webhook_MalformedOrNotAnUpdate_400WithReason(string body)
    {
        var before = _hub.Bus.Inbound.Count;

        var response = await _hub.PostUpdateAsync(body);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync().DefaultTimeout()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Update", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, _hub.Bus.Inbound.Count);
    }

    /// <summary>
    /// Fields the hub does not read may be missing (an old sample: no from.is_bot, first_name, date) or odd (a sticker
    /// of another shape): answered, not 400, which would make Telegram retry the update for a day.
    /// </summary>
    [Theory]
    [InlineData("""{"update_id":810000001,"message":{"message_id":61,"from":{"id":8100000001},"chat":{"id":8100000001,"type":"private"},"text":"What is ChatHub?"}}""", 8100000001L)]
    [InlineData("""{"update_id":810000002,"message":{"message_id":62,"date":1,"from":{"id":8100000002,"is_bot":false,"first_name":"A"},"chat":{"id":8100000002,"type":"private"},"text":"What is ChatHub?","sticker":{"width":"wide"},"link_preview_options":7}}""", 8100000002L)]
    public async Task Webhook_UpdateWithoutOrWithOddFieldsTheHubDoesNotRead_Answered(string body, long chatId)
    {
        var response = await _hub.PostUpdateAsync(body);
        var replies = await _hub.Fake.WaitForCallsAsync("sendMessage", chatId, where: c => c.Succeeded).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(replies);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Webhook_BodyOverOneMegabyte_413(bool chunked)
    {
        var text = new string('x', 1024 * 1024);
        var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(9100000005, 51, text), chunked: chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Webhook_MessageOverTextLimit_ShortErrorReplyOnTelegram()
    {
        const long chat = 9100000006;

        var response = await _hub.PostUpdateAsync(TelegramUpdates.Private(chat, 61, new string('y', 4001)));
        var reply = (await _hub.Fake.WaitForCallsAsync("sendMessage", chat).DefaultTimeout())[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("4,000", reply.Text, StringComparison.Ordinal);
        Assert.Equal(61, reply.ReplyToMessageId);
    }

    [Fact]
    public async Task Readyz_BotKnown_TelegramCheckHealthy()
    {
        var response = await _hub.Http.GetAsync(new Uri("/readyz", UriKind.Relative)).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("@ChatHubTestBot", body, StringComparison.Ordinal);
    }
}
