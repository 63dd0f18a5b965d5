using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Messages;
using ChatHub.Hub.Tests.Telegram;

namespace ChatHub.Hub.Tests.Priority;

/// <summary>
/// Issue 7's priority lane, end to end on the Telegram webhook: private chats (and buttons pressed in them) are
/// Interactive; groups, supergroups and channel posts are Bulk.
/// </summary>
public sealed class TelegramPriorityLaneTests : IClassFixture<TelegramHubFixture>
{
    private readonly TelegramHub _hub;

    public TelegramPriorityLaneTests(TelegramHubFixture fixture) => _hub = fixture.Hub;

    [Theory]
    [InlineData("private", 7_199_100_001L, MessagePriority.Interactive)]
    [InlineData("group", -4_199_100_002L, MessagePriority.Bulk)]
    [InlineData("supergroup", -1_001_199_100_003L, MessagePriority.Bulk)]
    [InlineData("channel", -1_001_199_100_004L, MessagePriority.Bulk)]
    public async Task Webhook_ChatType_PublishedInItsLane(string chatType, long chatId, MessagePriority expected)
    {
        var body = chatType switch
        {
            "private" => TelegramUpdates.Private(chatId, 1, "What is ChatHub?"),
            "channel" => ChannelPost(chatId),
            _ => TelegramUpdates.Group(chatId, 1, "/help", type: chatType),
        };

        var response = await _hub.PostUpdateAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == chatId.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(expected, message.Priority);
    }

    /// <summary>The recorded channel post, moved to <paramref name="chatId"/> with a fresh update id.</summary>
    private static string ChannelPost(long chatId)
    {
        var update = JsonNode.Parse(TelegramUpdates.Payload("channel_post"))!;
        update["update_id"] = TelegramUpdates.NextUpdateId();
        update["channel_post"]!["chat"]!["id"] = chatId;
        update["channel_post"]!["sender_chat"]!["id"] = chatId;
        return update.ToJsonString();
    }
}
