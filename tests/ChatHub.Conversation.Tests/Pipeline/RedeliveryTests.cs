using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>
/// Effectively once through the whole embedded pipeline when chat.inbound delivers a message again (what Kafka does
/// after a worker crash). Messages are published to the bus directly, past ingress's own de-duplication. Each test
/// ends with a sentinel message on the same conversation: replies are in order, so once the sentinel's reply is
/// sent, every earlier reply (or duplicate) has been through egress.
/// </summary>
public sealed class RedeliveryTests
{
    private static IHost Build(RecordingSender sender, IChatClient chat, string lease = "00:01:00")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:ProcessingLease"] = lease });
        builder.Services.AddConversation(builder.Configuration);
        builder.Services.AddSingleton<IChannelSender>(sender);
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static async Task<List<OutboundMessage>> SendSentinelAndCollectAsync(IHost host, RecordingSender sender)
    {
        var sentinel = TestMessages.Inbound("sentinel", platformId: "sentinel");
        await Bus(host).PublishAsync(Topics.Inbound, sentinel.Conversation.Key, sentinel, CancellationToken.None).DefaultTimeout();
        return await sender.FinalsBeforeReplyToAsync(sentinel.Id);
    }

    private static IMessageBus Bus(IHost host) => host.Services.GetRequiredService<IMessageBus>();

    [Fact]
    public async Task Worker_SameInboundDeliveredTwice_OneReplyOneInference()
    {
        var sender = new RecordingSender();
        var chat = new ScriptedChatClient(_ => ["answer"]);
        using var host = Build(sender, chat);
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");

        await Bus(host).PublishAsync(Topics.Inbound, inbound.Conversation.Key, inbound, CancellationToken.None).DefaultTimeout();
        await Bus(host).PublishAsync(Topics.Inbound, inbound.Conversation.Key, inbound, CancellationToken.None).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.Single(finals, m => m.InReplyTo == inbound.Id);
        Assert.Equal(2, chat.Prompts.Count); // "q" once, the sentinel once
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Worker_CrashBeforePublish_MessageAnsweredAfterDeadLeaseExpires()
    {
        var sender = new RecordingSender();
        using var host = Build(sender, new ScriptedChatClient(_ => ["answer"]), lease: "00:00:00.300");
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");
        var store = host.Services.GetRequiredService<IIdempotencyStore>();
        // The dead worker's lease, as a kill -9 in the middle of processing leaves it.
        await store.TryAcquireLeaseAsync($"worker:{inbound.Id}", "dead-worker", TimeSpan.FromMilliseconds(300), CancellationToken.None);

        await Bus(host).PublishAsync(Topics.Inbound, inbound.Conversation.Key, inbound, CancellationToken.None).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        var reply = Assert.Single(finals);
        Assert.Equal(inbound.Id, reply.InReplyTo);
        Assert.Equal("answer", reply.Text);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Worker_CrashAfterPublishBeforeDone_ReprocessedButSentOnceAndSessionAppendedOnce()
    {
        var sender = new RecordingSender();
        var chat = new ScriptedChatClient(_ => ["answer"]);
        using var host = Build(sender, chat);
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");
        await Bus(host).PublishAsync(Topics.Inbound, inbound.Conversation.Key, inbound, CancellationToken.None).DefaultTimeout();
        Assert.Equal(inbound.Id, (await sender.NextFinalAsync()).InReplyTo);

        // The worker published (and egress sent) the reply, then died before its done marker was written.
        await host.Services.GetRequiredService<IIdempotencyStore>().ReleaseAsync($"worker:{inbound.Id}", CancellationToken.None);
        await Bus(host).PublishAsync(Topics.Inbound, inbound.Conversation.Key, inbound, CancellationToken.None).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.Empty(finals); // the reprocessed final reply has the same id: egress suppressed it
        Assert.Equal(3, chat.Prompts.Count); // "q" twice (reprocessed), the sentinel once
        var hubUserId = await host.Services.GetRequiredService<IIdentityMap>()
            .ResolveAsync(new PlatformIdentity(inbound.Conversation.Channel, inbound.From.UserId), CancellationToken.None);
        var turns = await host.Services.GetRequiredService<ISessionStore>().GetAsync(hubUserId, CancellationToken.None);
        Assert.Single(turns, t => t.Role == SessionRoles.User && t.Text == "q");
        Assert.Single(turns, t => t.MessageId == inbound.Id);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Egress_FinalReplyPublishedTwice_SentOnce()
    {
        var sender = new RecordingSender();
        using var host = Build(sender, new ScriptedChatClient(_ => ["answer"]));
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q", platformId: "41");
        var reply = new OutboundMessage
        {
            Id = MessageIds.ReplyTo(inbound.Id),
            Conversation = inbound.Conversation,
            Kind = OutboundKind.Final,
            Text = "answer",
            InReplyTo = inbound.Id,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        await Bus(host).PublishAsync(Topics.Outbound, reply.Conversation.Key, reply, CancellationToken.None).DefaultTimeout();
        await Bus(host).PublishAsync(Topics.Outbound, reply.Conversation.Key, reply, CancellationToken.None).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.Single(finals, m => m.Id == reply.Id);
        Assert.Equal(2, sender.Attempts); // the reply once, the sentinel once
        await host.StopAsync().DefaultTimeout();
    }
}
