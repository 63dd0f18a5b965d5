using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>The whole embedded pipeline in a generic host: ingress → chat.inbound → worker → chat.outbound → egress.</summary>
public sealed class PipelineHostTests
{
    private static IHost Build(RecordingSender sender, IChatClient chat, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddConversation(builder.Configuration);
        builder.Services.AddSingleton<IChannelSender>(sender);
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    [Fact]
    public async Task PublishAsync_Question_ReplyReachesSender()
    {
        var sender = new RecordingSender();
        using var host = Build(sender, new ScriptedChatClient(p => ["echo: " + p[^1].Text]));
        await host.StartAsync().DefaultTimeout();
        var publisher = host.Services.GetRequiredService<IInboundPublisher>();

        var result = await publisher.PublishAsync(TestMessages.Inbound("ping"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var reply = await sender.NextFinalAsync();

        Assert.Equal(IngressOutcome.Accepted, result.Outcome);
        Assert.Equal("echo: ping", reply.Text);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task PublishAsync_SameMessageTwice_AnsweredOnce()
    {
        var sender = new RecordingSender();
        var chat = new ScriptedChatClient(_ => ["once"]);
        using var host = Build(sender, chat);
        await host.StartAsync().DefaultTimeout();
        var publisher = host.Services.GetRequiredService<IInboundPublisher>();

        var first = await publisher.PublishAsync(TestMessages.Inbound("q", platformId: "7"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var second = await publisher.PublishAsync(TestMessages.Inbound("q", platformId: "7"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        await publisher.PublishAsync(TestMessages.Inbound("other", platformId: "8"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        await sender.NextFinalAsync();
        await sender.NextFinalAsync(); // the reply to "other" arrives after the only reply to "q" (same conversation, in order)

        Assert.Equal(IngressOutcome.Accepted, first.Outcome);
        Assert.Equal(IngressOutcome.Duplicate, second.Outcome);
        Assert.Equal(2, chat.Prompts.Count);
        await host.StopAsync().DefaultTimeout();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task PublishAsync_EmptyText_RejectedWithReason(string text)
    {
        using var host = Build(new RecordingSender(), new ScriptedChatClient(_ => ["x"]));
        var result = await host.Services.GetRequiredService<IInboundPublisher>()
            .PublishAsync(TestMessages.Inbound(text), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        Assert.Equal(IngressOutcome.Rejected, result.Outcome);
        Assert.Contains("empty", result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PublishAsync_OverLimit_RejectedWithLimitInReason()
    {
        using var host = Build(new RecordingSender(), new ScriptedChatClient(_ => ["x"]), new() { ["Hub:MaxMessageLength"] = "100" });
        var result = await host.Services.GetRequiredService<IInboundPublisher>()
            .PublishAsync(TestMessages.Inbound(new string('a', 101)), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        Assert.Equal(IngressOutcome.Rejected, result.Outcome);
        Assert.Contains("100", result.Reason, StringComparison.Ordinal);

        var atLimit = await host.Services.GetRequiredService<IInboundPublisher>()
            .PublishAsync(TestMessages.Inbound(new string('a', 100), platformId: "2"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        Assert.Equal(IngressOutcome.Accepted, atLimit.Outcome);
    }

    [Fact]
    public async Task PublishAsync_RejectedOnOutboundAndRedelivered_OneErrorReplyThenDuplicate()
    {
        var sender = new RecordingSender();
        using var host = Build(sender, new ScriptedChatClient(_ => ["answer"]));
        await host.StartAsync().DefaultTimeout();
        var publisher = host.Services.GetRequiredService<IInboundPublisher>();
        var empty = TestMessages.Inbound(" ", platformId: "5");

        var first = await publisher.PublishAsync(empty, RejectionReply.OnOutbound, CancellationToken.None).DefaultTimeout();
        var again = await publisher.PublishAsync(empty, RejectionReply.OnOutbound, CancellationToken.None).DefaultTimeout();
        var sentinel = TestMessages.Inbound("q", platformId: "6");
        await publisher.PublishAsync(sentinel, RejectionReply.OnOutbound, CancellationToken.None).DefaultTimeout();
        var finals = await sender.FinalsBeforeReplyToAsync(sentinel.Id);

        Assert.Equal((IngressOutcome.Rejected, IngressOutcome.Duplicate), (first.Outcome, again.Outcome));
        var error = Assert.Single(finals);
        Assert.Equal((empty.Id, true, first.Reason), (error.InReplyTo, error.IsError, error.Text));
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task PublishAsync_RejectedToCaller_NothingOnOutboundAndARetryJudgedAgain()
    {
        var sender = new RecordingSender();
        using var host = Build(sender, new ScriptedChatClient(_ => ["answer"]));
        await host.StartAsync().DefaultTimeout();
        var publisher = host.Services.GetRequiredService<IInboundPublisher>();
        var empty = TestMessages.Inbound("", platformId: "5");

        var first = await publisher.PublishAsync(empty, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var again = await publisher.PublishAsync(empty, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var sentinel = TestMessages.Inbound("q", platformId: "6");
        await publisher.PublishAsync(sentinel, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var finals = await sender.FinalsBeforeReplyToAsync(sentinel.Id);

        Assert.Equal((IngressOutcome.Rejected, IngressOutcome.Rejected), (first.Outcome, again.Outcome));
        Assert.Empty(finals);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Egress_TransientFailure_RetriedThenDelivered()
    {
        var sender = new RecordingSender();
        var failures = 2;
        sender.Behaviour = m => m.Kind == OutboundKind.Final && Interlocked.Decrement(ref failures) >= 0
            ? SendResult.Transient("HTTP 502") : SendResult.Sent;
        using var host = Build(sender, new ScriptedChatClient(_ => ["ok"]));
        await host.StartAsync().DefaultTimeout();

        await host.Services.GetRequiredService<IInboundPublisher>().PublishAsync(TestMessages.Inbound("q"), RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var reply = await sender.NextFinalAsync();

        Assert.Equal("ok", reply.Text);
        Assert.Equal(3, sender.Attempts);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Egress_PermanentFailure_GoesToDeadLetterTopicWithReason()
    {
        var sender = new RecordingSender { Behaviour = m => m.Kind == OutboundKind.Final ? SendResult.Permanent("403 bot was blocked") : SendResult.Sent };
        using var host = Build(sender, new ScriptedChatClient(_ => ["never delivered"]));
        await host.StartAsync().DefaultTimeout();
        var monitor = host.Services.GetRequiredService<DeadLetterMonitor>();

        var inbound = TestMessages.Inbound("q");
        await host.Services.GetRequiredService<IInboundPublisher>().PublishAsync(inbound, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var letter = await WaitForDeadLetterAsync(monitor);

        Assert.Equal("chat.outbound", letter.SourceTopic);
        Assert.Equal("403 bot was blocked", letter.Reason);
        Assert.Equal(inbound.Id, letter.Outbound!.InReplyTo);
        Assert.Equal(1, sender.Attempts); // permanent: not retried
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task PublishAsync_SynchronousIngress_CompletesOnlyAfterReplySent()
    {
        var sender = new RecordingSender();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chat = new ScriptedChatClient(_ => ["slow answer"]) { BeforeEachChunk = ct => gate.Task.WaitAsync(ct) };
        using var host = Build(sender, chat, new() { ["Hub:SynchronousIngress"] = "true" });
        await host.StartAsync().DefaultTimeout();

        var publish = host.Services.GetRequiredService<IInboundPublisher>().PublishAsync(TestMessages.Inbound("q"), RejectionReply.ToCaller, CancellationToken.None).AsTask();
        await Task.WhenAny(publish, Task.Delay(200)); // give it every chance to complete early (it must not)
        Assert.False(publish.IsCompleted);

        gate.SetResult();
        Assert.Equal(IngressOutcome.Accepted, (await publish.DefaultTimeout()).Outcome);
        Assert.Contains(sender.Drain(), m => m.Kind == OutboundKind.Final && m.Text == "slow answer");
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task StartAsync_PartialRolesOnInProcessBus_FailsWithClearMessage()
    {
        using var host = Build(new RecordingSender(), new ScriptedChatClient(_ => ["x"]), new() { ["Hub:Roles"] = "worker" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();
        Assert.Contains("Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UnknownRole_FailsWithClearMessage()
    {
        using var host = Build(new RecordingSender(), new ScriptedChatClient(_ => ["x"]), new() { ["Hub:Roles"] = "ingress,cook" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync()).DefaultTimeout();
        Assert.Contains("cook", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", HubRole.All)]
    [InlineData("ingress", HubRole.Ingress)]
    [InlineData("worker, egress", HubRole.Worker | HubRole.Egress)]
    [InlineData("ingress,worker,egress", HubRole.All)]
    [InlineData(null, HubRole.All)]
    public void AddConversation_Roles_RegistersOnlyThoseHostedServices(string? roles, HubRole expected)
    {
        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:Roles"] = roles }).Build();
        services.AddConversation(configuration);

        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType ?? typeof(DeadLetterMonitor)).ToList();
        Assert.Equal(expected.HasFlag(HubRole.Worker), hosted.Contains(typeof(WorkerService)));
        Assert.Equal(expected.HasFlag(HubRole.Egress), hosted.Contains(typeof(EgressService)));
    }

    private static async Task<DeadLetter> WaitForDeadLetterAsync(DeadLetterMonitor monitor)
    {
        using var cts = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutSpan);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (monitor.Recent.Count == 0)
        {
            await timer.WaitForNextTickAsync(cts.Token);
        }

        return monitor.Recent[0];
    }
}
