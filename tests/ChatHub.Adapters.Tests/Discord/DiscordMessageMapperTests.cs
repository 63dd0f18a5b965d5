using System.Text.Json;
using System.Text.Json.Nodes;
using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Adapters.Discord.Ingress;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>MESSAGE_CREATE payloads (Discord's documented shapes) to the unified model, or the reason they are ignored.</summary>
public sealed class DiscordMessageMapperTests
{
    private const string Bot = FakeDiscord.BotUserId;
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static DiscordMappedMessage Map(JsonObject payload, DiscordGuildMode mode = DiscordGuildMode.Mentioned) =>
        new DiscordMessageMapper(new DiscordBotIdentity(Bot, FakeDiscord.BotUsername), mode)
            .Map(JsonSerializer.Deserialize(payload.ToJsonString(), DiscordJsonContext.Default.DiscordMessage)!, Now);

    private static JsonObject Reply(JsonObject message, string toId, string toAuthor)
    {
        message["type"] = 19;
        message["message_reference"] = new JsonObject { ["message_id"] = toId, ["channel_id"] = message["channel_id"]!.GetValue<string>(), ["guild_id"] = DiscordPayloads.GuildId };
        message["referenced_message"] = DiscordPayloads.Dm(toId, message["channel_id"]!.GetValue<string>(), "earlier", authorId: toAuthor, bot: toAuthor == Bot);
        return message;
    }

    [Fact]
    public void Map_DirectMessage_InteractiveInItsDmChannel()
    {
        var message = Map(DiscordPayloads.Dm("1001", "7000", "What is ChatHub?")).Message!;

        Assert.Equal(new ConversationRef(ChannelNames.Discord, Bot, "7000"), message.Conversation);
        Assert.Equal("1001", message.PlatformMessageId);
        Assert.Equal(MessageIds.ForInbound(message.Conversation, "1001"), message.Id);
        Assert.Equal("What is ChatHub?", message.Text);
        Assert.Equal(new Sender(DiscordPayloads.UserId, "Nelly N."), message.From);
        Assert.Equal(MessagePriority.Interactive, message.Priority);
        Assert.Equal(Now, message.ReceivedAt);
        Assert.Null(message.ReplyToPlatformMessageId);
        Assert.Equal("1001", message.ReplyAnchorId); // the answer threads to the question
        Assert.Null(message.Properties);
    }

    [Theory]
    [InlineData("<@123456789012345678> what is ChatHub?", "what is ChatHub?")]
    [InlineData("<@!123456789012345678>, what is ChatHub?", "what is ChatHub?")]
    [InlineData("hey <@123456789012345678> what is ChatHub?", "hey what is ChatHub?")]
    [InlineData("what is ChatHub <@123456789012345678>", "what is ChatHub")]
    [InlineData("ask <@99> and <@123456789012345678> 🚀", "ask <@99> and 🚀")]
    public void Map_GuildMention_BotMentionStrippedOthersKept(string content, string expected)
    {
        var payload = DiscordPayloads.Guild("1002", "7100", content, mentionBot: false);
        payload["mentions"] = new JsonArray(new JsonObject { ["id"] = Bot, ["username"] = FakeDiscord.BotUsername, ["bot"] = true });

        var message = Map(payload).Message!;

        Assert.Equal(expected, message.Text);
        Assert.Equal(MessagePriority.Bulk, message.Priority);
        Assert.Equal(new Sender(DiscordPayloads.UserId, "Nelly"), message.From); // the server nickname first
        Assert.Equal(DiscordPayloads.GuildId, message.Properties![DiscordProperties.GuildId]);
    }

    [Fact]
    public void Map_GuildNotAddressed_IgnoredUnlessModeAll()
    {
        var payload = DiscordPayloads.Guild("1003", "7100", "just chatting", mentionBot: false);

        Assert.Equal("a server message not addressed to the bot", Map(payload).IgnoredReason);
        Assert.Equal("just chatting", Map(payload, DiscordGuildMode.All).Message!.Text);
    }

    [Fact]
    public void Map_MentionTokenWithoutMentionsList_StillAddressed()
    {
        var payload = DiscordPayloads.Guild("1004", "7100", "x", mentionBot: false);
        payload["content"] = $"<@{Bot}> hello";

        Assert.Equal("hello", Map(payload).Message!.Text);
    }

    [Fact]
    public void Map_ReplyToTheBot_AddressedWithReplyReference()
    {
        var payload = Reply(DiscordPayloads.Guild("1005", "7100", "and then?", mentionBot: false), "1000", Bot);

        var message = Map(payload).Message!;

        Assert.Equal("and then?", message.Text);
        Assert.Equal("1000", message.ReplyToPlatformMessageId);
    }

    [Fact]
    public void Map_ReplyToSomeoneElse_NotAddressed()
    {
        var payload = Reply(DiscordPayloads.Guild("1006", "7100", "agreed", mentionBot: false), "999", "42");

        Assert.NotNull(Map(payload).IgnoredReason);
    }

    [Fact]
    public void Map_Thread_ConversationIsTheThreadChannel()
    {
        var payload = DiscordPayloads.Guild("1007", "7200", "in a thread");
        payload["channel_type"] = 11;

        Assert.Equal("7200", Map(payload).Message!.Conversation.ChatId);
    }

    [Theory]
    [InlineData("own")]
    [InlineData("bot")]
    [InlineData("webhook")]
    [InlineData("system")]
    [InlineData("no-content")]
    [InlineData("no-author")]
    public void Map_NotFromAPerson_Ignored(string kind)
    {
        var payload = kind switch
        {
            "own" => DiscordPayloads.Dm("1", "7000", "my reply", authorId: Bot),
            "bot" => DiscordPayloads.Guild("1", "7100", "beep", authorId: "99", bot: true),
            "webhook" => DiscordPayloads.Guild("1", "7100", "hook"),
            "system" => DiscordPayloads.Guild("1", "7100", "joined"),
            "no-content" => DiscordPayloads.Guild("1", "7100", ""),
            _ => DiscordPayloads.Dm("1", "7000", "x"),
        };
        switch (kind)
        {
            case "webhook":
                payload["webhook_id"] = "1100000000000000001";
                break;
            case "system":
                payload["type"] = 7; // USER_JOIN
                break;
            case "no-content":
                payload["content"] = "";
                break;
            case "no-author":
                payload.Remove("author");
                break;
        }

        var mapped = Map(payload, DiscordGuildMode.All);

        Assert.Null(mapped.Message);
        Assert.False(string.IsNullOrEmpty(mapped.IgnoredReason));
    }

    [Fact]
    public void Map_OnlyTheMention_EmptyTextForTheHubToExplain()
    {
        var message = Map(DiscordPayloads.Guild("1008", "7100", "")).Message!;

        Assert.Equal("", message.Text);
    }
}
