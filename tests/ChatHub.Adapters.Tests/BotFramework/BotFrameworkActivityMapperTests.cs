using ChatHub.Adapters.BotFramework;
using ChatHub.Adapters.BotFramework.Ingress;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Adapters.Tests.BotFramework;

/// <summary>Recorded-shape Teams and Web Chat activities mapped to the hub's model.</summary>
public sealed class BotFrameworkActivityMapperTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 9, 12, 45, TimeSpan.Zero);
    private readonly BotFrameworkActivityMapper _mapper = new(FakeTokenIssuer.AppId);

    private BotFrameworkMappedActivity Map(string payload) => _mapper.Map(TeamsPayloads.Load(payload), Now);

    [Fact]
    public void Map_PersonalMessage_InteractiveMessageWithReplyAddress()
    {
        var mapped = Map("personal_message");

        var message = Assert.IsType<InboundMessage>(mapped.Message);
        Assert.Equal(BotFrameworkActivityKind.Message, mapped.Kind);
        Assert.Equal(new ConversationRef("teams", FakeTokenIssuer.AppId, "a:1pL4Bf8NsyXh8Z-qyK3W1M2bN_6Wg3CtQyD2rF7kXq0YjU9eHs5vLmR1aBcDeFgHi"), message.Conversation);
        Assert.Equal("What is ChatHub?", message.Text);
        Assert.Equal("1767604364123", message.PlatformMessageId);
        Assert.Equal(MessageIds.ForInbound(message.Conversation, "1767604364123"), message.Id);
        Assert.Equal($"msteams:{FakeTokenIssuer.TenantId}:29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrWl8A", message.From.UserId);
        Assert.Equal("Megan Bowen", message.From.DisplayName);
        Assert.Equal("en-US", message.Locale);
        Assert.Equal(MessagePriority.Interactive, message.Priority);
        Assert.Equal(Now, message.ReceivedAt);
        Assert.Equal(new Dictionary<string, string>
        {
            [BotFrameworkProperties.ServiceUrl] = "https://smba.trafficmanager.net/emea/",
            [BotFrameworkProperties.ActivityId] = "1767604364123",
            [BotFrameworkProperties.ChannelId] = "msteams",
            [BotFrameworkProperties.ConversationType] = "personal",
            [BotFrameworkProperties.TenantId] = FakeTokenIssuer.TenantId,
        }, message.Properties);
    }

    [Fact]
    public void Map_ChannelMention_BotMentionStrippedByEntityTextThreadKept()
    {
        var message = Map("channel_mention").Message!;

        Assert.Equal("Which platforms does ChatHub support?", message.Text);
        Assert.Equal("19:3c5e8a1f0b2d4e6fa7c9d1e3f5a7b9c1@thread.tacv2;messageid=1767604801004", message.Conversation.ChatId);
        Assert.Null(message.Conversation.ThreadId);
        Assert.Equal(MessagePriority.Bulk, message.Priority);
        Assert.Equal("channel", message.Properties![BotFrameworkProperties.ConversationType]);
        Assert.Equal(FakeTokenIssuer.TenantId, message.Properties[BotFrameworkProperties.TenantId]);
    }

    [Fact]
    public void Map_GroupChatWithTwoMentions_BotRemovedOtherPersonKeptAsName()
    {
        var message = Map("group_chat_mentions").Message!;

        Assert.Equal("what is ChatHub? cc Megan Bowen", message.Text);
        Assert.Equal("de-DE", message.Locale);
    }

    [Fact]
    public void Map_DisplayedNameLooksLikeTheBotButEntityIsSomeoneElse_NotAddressed()
    {
        var activity = TeamsPayloads.Load("group_chat_unaddressed");
        activity.Text = "<at>ChatHub</at> hello";
        activity.Entities = [new() { Type = "mention", Text = "<at>ChatHub</at>", Mentioned = new() { Id = "29:impostor", Name = "ChatHub" } }];

        var mapped = _mapper.Map(activity, Now);

        Assert.Equal(BotFrameworkActivityKind.Ignored, mapped.Kind);
    }

    [Fact]
    public void Map_MentionEntityTextNotInMessage_NothingRemoved()
    {
        var activity = TeamsPayloads.Load("personal_message");
        activity.Text = "<at>ChatHub</at> hi";
        activity.Entities = [new() { Type = "mention", Text = "<at>Chat Hub</at>", Mentioned = new() { Id = activity.Recipient!.Id } }];

        Assert.Equal("<at>ChatHub</at> hi", _mapper.Map(activity, Now).Message!.Text);
    }

    [Fact]
    public void Map_MentionInTheMiddle_OneSpaceLeft()
    {
        var activity = TeamsPayloads.Load("personal_message");
        activity.Text = "tell <at>ChatHub</at> hello";
        activity.Entities = [new() { Type = "mention", Text = "<at>ChatHub</at>", Mentioned = new() { Id = activity.Recipient!.Id } }];

        Assert.Equal("tell hello", _mapper.Map(activity, Now).Message!.Text);
    }

    [Fact]
    public void Map_WebChatMessage_PersonalWithoutTeamsFields()
    {
        var message = Map("webchat_message").Message!;

        Assert.Equal("Which commands can I use?", message.Text);
        Assert.Equal("GkLw3Fq7Wl22Pp5KqN0bA1-eu", message.Conversation.ChatId);
        Assert.Null(message.From.DisplayName);
        Assert.Equal("webchat:dl_8a2f1c3e-5b7d-4f9a-b1c3-e5d7f9a1b3c5", message.From.UserId);
        Assert.Equal("webchat", message.Properties![BotFrameworkProperties.ChannelId]);
        Assert.False(message.Properties.ContainsKey(BotFrameworkProperties.TenantId));
        Assert.False(message.Properties.ContainsKey(BotFrameworkProperties.ConversationType));
    }

    [Fact]
    public void Map_BotAddedToTeam_BotAddedWithConversation()
    {
        var mapped = Map("conversation_update_bot_added");

        Assert.Equal(BotFrameworkActivityKind.BotAdded, mapped.Kind);
        Assert.Equal("19:8d2b4f6a1c3e5a7b9d1f3a5c7e9b1d3f@thread.tacv2", mapped.Conversation!.ChatId);
    }

    [Theory]
    [InlineData("group_chat_unaddressed", "not addressed")]
    [InlineData("conversation_update_user_added", "does not add the bot")]
    [InlineData("invoke_card_action", "invoke")]
    public void Map_NothingForTheBot_IgnoredWithReason(string payload, string reason)
    {
        var mapped = Map(payload);

        Assert.Equal(BotFrameworkActivityKind.Ignored, mapped.Kind);
        Assert.Null(mapped.Message);
        Assert.Contains(reason, mapped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_PersonalImageOnly_MessageWithTheImageByReference()
    {
        var mapped = Map("personal_image_only");

        Assert.Equal(BotFrameworkActivityKind.Message, mapped.Kind);
        Assert.Equal("", mapped.Message!.Text);
        var image = Assert.Single(mapped.Message.Images!);
        Assert.Equal(ChannelNames.Teams, image.Channel);
        Assert.Equal("https://smba.trafficmanager.net/emea/v3/attachments/0-eus-d1-0f1e2d3c/views/original", image.Url);
        Assert.Equal("image/*", image.DeclaredType);
    }

    [Fact]
    public void Map_TextWithHtmlAttachmentOnly_NoImages()
    {
        Assert.Null(Map("personal_message").Message!.Images);
    }

    [Fact]
    public void Map_MessageFromTheBotItself_Ignored()
    {
        var activity = TeamsPayloads.Load("personal_message");
        activity.From = new() { Id = activity.Recipient!.Id, Name = "ChatHub" };

        Assert.Equal(BotFrameworkActivityKind.Ignored, _mapper.Map(activity, Now).Kind);
    }

    [Fact]
    public void Map_WebChatUserSendingATeamsUsersId_AnotherIdentityThanTheTeamsUser()
    {
        var teams = Map("personal_message").Message!;
        var webchat = TeamsPayloads.Load("webchat_message");
        webchat.From!.Id = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrWl8A";
        var directLine = TeamsPayloads.Load("webchat_message");
        directLine.ChannelId = "directline";

        var fromWebChat = _mapper.Map(webchat, Now).Message!;
        var fromDirectLine = _mapper.Map(directLine, Now).Message!;

        Assert.NotEqual(teams.From.UserId, fromWebChat.From.UserId);
        Assert.Equal("webchat:" + webchat.From.Id, fromWebChat.From.UserId);
        Assert.Equal("directline:dl_8a2f1c3e-5b7d-4f9a-b1c3-e5d7f9a1b3c5", fromDirectLine.From.UserId);
    }

    [Fact]
    public void Map_SameTeamsUserIdInAnotherTenant_AnotherIdentity()
    {
        var other = TeamsPayloads.Load("personal_message");
        other.Conversation!.TenantId = "99999999-9999-4999-8999-999999999999";

        Assert.NotEqual(Map("personal_message").Message!.From.UserId, _mapper.Map(other, Now).Message!.From.UserId);
    }

    [Theory]
    [InlineData("msteams", "0E1F2A3B-4C5D-4E6F-8A9B-C0D1E2F3A4B5", "29:x", "msteams:0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5:29:x")]
    [InlineData("MSTeams", null, "29:x", "msteams::29:x")]
    [InlineData("webchat", "ignored-for-webchat", "29:x", "webchat:29:x")]
    [InlineData("directline", null, "msteams:t:29:x", "directline:msteams:t:29:x")]
    public void UserKey_Table(string channelId, string? tenantId, string fromId, string expected)
    {
        Assert.Equal(expected, BotFrameworkActivityMapper.UserKey(channelId, tenantId, fromId));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("serviceUrl")]
    [InlineData("conversation")]
    [InlineData("from")]
    [InlineData("channelId")]
    [InlineData("channelId-colon")]
    [InlineData("tenant-colon")]
    public void Map_MessageMissingRequiredField_Invalid(string field)
    {
        var activity = TeamsPayloads.Load("personal_message");
        switch (field)
        {
            case "id": activity.Id = null; break;
            case "serviceUrl": activity.ServiceUrl = ""; break;
            case "conversation": activity.Conversation = null; break;
            case "channelId": activity.ChannelId = null; break;
            case "channelId-colon": activity.ChannelId = "msteams:0e1f2a3b-4c5d-4e6f-8a9b-c0d1e2f3a4b5"; break;
            case "tenant-colon": activity.Conversation!.TenantId = "a:b"; break;
            default: activity.From = null; break;
        }

        Assert.Equal(BotFrameworkActivityKind.Invalid, _mapper.Map(activity, Now).Kind);
    }
}
