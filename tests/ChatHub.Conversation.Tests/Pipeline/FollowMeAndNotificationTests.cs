using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

public sealed class FollowMeAndNotificationTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryIdentityMap _identities;
    private readonly InMemoryRoutingTable _routes;

    public FollowMeAndNotificationTests()
    {
        _identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
        _routes = new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time);
    }

    private MessageProcessor Create(bool followMe, params ICommandHandler[] commands) =>
        new(_identities, _routes, new InMemorySessionStore(Options.Create(new SessionOptions()), _time), new CommandRegistry(commands),
            new ScriptedChatClient(_ => ["answer"]), Processors.NoModeration, Processors.NoRateLimit(_time), Options.Create(new HubOptions { FollowMe = followMe }), _time, NullLogger<MessageProcessor>.Instance);

    private async Task<(InboundMessage Message, ConversationRef Elsewhere)> UserMovedAsync()
    {
        var message = TestMessages.Inbound("q", userId: "u1") with { ReceivedAt = _time.GetUtcNow() };
        var user = await _identities.ResolveAsync(new PlatformIdentity(message.Conversation.Channel, "u1"), default);
        var elsewhere = new ConversationRef(ChannelNames.Telegram, "bot", "999");
        await _routes.RecordAsync(user, elsewhere, _time.GetUtcNow().AddSeconds(5), default); // active there after asking
        return (message, elsewhere);
    }

    private static async Task<List<OutboundMessage>> RunAsync(MessageProcessor processor, InboundMessage message)
    {
        var list = new List<OutboundMessage>();
        await foreach (var m in processor.ProcessAsync(message, default))
        {
            list.Add(m);
        }

        return list;
    }

    [Fact]
    public async Task ProcessAsync_FollowMeOn_ReplyGoesWhereUserIsNow()
    {
        var (message, elsewhere) = await UserMovedAsync();
        var final = (await RunAsync(Create(followMe: true), message).DefaultTimeout())[^1];
        Assert.Equal(elsewhere, final.Conversation);
        Assert.Null(final.ReplyToPlatformMessageId);
    }

    [Fact]
    public async Task ProcessAsync_FollowMeOff_ReplyStaysWhereAsked()
    {
        var (message, _) = await UserMovedAsync();
        var final = (await RunAsync(Create(followMe: false), message).DefaultTimeout())[^1];
        Assert.Equal(message.Conversation, final.Conversation);
    }

    [Fact]
    public async Task ProcessAsync_CommandWithNotification_PublishesItToOtherConversation()
    {
        var other = new ConversationRef(ChannelNames.Discord, "bot", "dm");
        var output = await RunAsync(Create(false, new NotifyingCommand(other)), TestMessages.Inbound("/notify")).DefaultTimeout();

        Assert.Equal(2, output.Count);
        Assert.Equal("done", output[0].Text);
        Assert.Equal(other, output[1].Conversation);
        Assert.Equal(OutboundKind.Final, output[1].Kind);
        Assert.Equal("hello there", output[1].Text);
    }

    private sealed class NotifyingCommand(ConversationRef other) : ICommandHandler
    {
        public string Name => "notify";

        public string Description => "test";

        public ValueTask<CommandResult> HandleAsync(CommandContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new CommandResult("done", [new Notification(other, "hello there")]));
    }
}
