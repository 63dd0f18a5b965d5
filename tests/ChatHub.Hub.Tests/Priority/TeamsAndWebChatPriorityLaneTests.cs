using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Messages;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Priority;

/// <summary>
/// Issue 7's priority lane, end to end: Teams personal chats are Interactive, group chats and channels (and anything
/// flagged <c>isGroup</c>) Bulk; the web chat is always Interactive.
/// </summary>
public sealed class TeamsAndWebChatPriorityLaneTests : IAsyncLifetime
{
    private BotFrameworkHub _hub = null!;

    public async Task InitializeAsync() => _hub = await BotFrameworkHub.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("personal_message", null, MessagePriority.Interactive)]
    [InlineData("group_chat_mentions", null, MessagePriority.Bulk)]
    [InlineData("channel_mention", null, MessagePriority.Bulk)]
    [InlineData("personal_message", true, MessagePriority.Bulk)]
    public async Task Messages_ConversationKind_PublishedInItsLane(string payload, bool? isGroup, MessagePriority expected)
    {
        var conversation = "a:lane-" + BotFrameworkHub.NextId();
        var activity = JsonNode.Parse(_hub.Activity(payload, id: BotFrameworkHub.NextId(), conversationId: conversation))!;
        if (isGroup is { } flag)
        {
            // A personal-looking conversation that says it is a group: the safer lane, and only when addressed.
            activity["conversation"]!["isGroup"] = flag;
            activity["conversation"]!.AsObject().Remove("conversationType");
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>ChatHub</at>",
                ["mentioned"] = new JsonObject { ["id"] = activity["recipient"]!["id"]!.GetValue<string>(), ["name"] = "ChatHub" },
            });
            activity["text"] = "<at>ChatHub</at> What is ChatHub?";
        }

        var response = await _hub.PostActivityAsync(activity.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation).Priority);
    }

    [Fact]
    public async Task WebChat_Send_Interactive()
    {
        await using var user = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);

        var ack = await user.Client.InvokeAsync("Send", "What is ChatHub?", "lane-1");

        Assert.True(ack.GetProperty("accepted").GetBoolean());
        Assert.Equal(MessagePriority.Interactive, Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == user.ConversationId).Priority);
    }
}
