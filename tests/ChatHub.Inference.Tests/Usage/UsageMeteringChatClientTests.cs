using System.Runtime.CompilerServices;
using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Usage;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Usage;

/// <summary>The model slot's usage report (issue 22): one per completed call, the backend's counts folded in, never guessed.</summary>
public sealed class UsageMeteringChatClientTests
{
    [Fact]
    public async Task Streaming_BackendReportsUsage_FoldedIntoOneReportAtTheEnd_TextAndFinishKept()
    {
        var time = new ManualTimeProvider();
        var backend = new UpdatesChatClient(time,
            new ChatResponseUpdate(ChatRole.Assistant, "Hel") { MessageId = "m1" },
            new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("lo"), new UsageContent(new UsageDetails { InputTokenCount = 7, OutputTokenCount = 1 })]) { MessageId = "m1" },
            new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { OutputTokenCount = 2 })]) { MessageId = "m1", FinishReason = ChatFinishReason.Stop });
        using var client = new UsageMeteringChatClient(backend, time);

        var updates = await Collect(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")])).DefaultTimeout();

        Assert.Equal("Hello", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal(ChatFinishReason.Stop, updates[2].FinishReason);
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Same(updates[^1], updates.Single(u => u.Contents.OfType<UsageContent>().Any()));
        Assert.Equal("m1", updates[^1].MessageId); // the same message: no empty assistant message of its own
        Assert.Equal((7L, 3L), (usage.InputTokenCount, usage.OutputTokenCount));
        Assert.Equal(1, usage.AdditionalCounts![ChatHubResponseProperties.ModelCallsCount]);
        Assert.Equal(1500, usage.AdditionalCounts[ChatHubResponseProperties.ModelMillisecondsCount]); // the backend took 1.5 s
    }

    [Fact]
    public async Task Streaming_BackendReportsNothing_OneCallWithUnknownTokens()
    {
        var time = new ManualTimeProvider();
        using var client = new UsageMeteringChatClient(new UpdatesChatClient(time, new ChatResponseUpdate(ChatRole.Assistant, "ok")), time);

        var updates = await Collect(client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")])).DefaultTimeout();

        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;
        Assert.Null(usage.InputTokenCount);
        Assert.Null(usage.OutputTokenCount);
        Assert.Equal(1, usage.AdditionalCounts![ChatHubResponseProperties.ModelCallsCount]);
    }

    [Fact]
    public async Task Streaming_BackendFails_NoReportAndTheFailurePasses()
    {
        var time = new ManualTimeProvider();
        using var client = new UsageMeteringChatClient(new UpdatesChatClient(time, fail: true, new ChatResponseUpdate(ChatRole.Assistant, "par")), time);
        var updates = new List<ChatResponseUpdate>();

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                updates.Add(update);
            }
        }).DefaultTimeout();

        Assert.DoesNotContain(updates.SelectMany(u => u.Contents), c => c is UsageContent);
    }

    [Fact]
    public async Task NonStreaming_TheResponsesUsageGetsTheCall()
    {
        var time = new ManualTimeProvider();
        using var client = new UsageMeteringChatClient(new UpdatesChatClient(time,
            new ChatResponseUpdate(ChatRole.Assistant, [new TextContent("ok"), new UsageContent(new UsageDetails { InputTokenCount = 4, OutputTokenCount = 2 })])), time);

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]).DefaultTimeout();

        Assert.Equal((4L, 2L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount));
        Assert.Equal(1, response.Usage.AdditionalCounts![ChatHubResponseProperties.ModelCallsCount]);
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    /// <summary>A backend that yields the given updates, half a second of (manual) time apart, and then fails if told to.</summary>
    private sealed class UpdatesChatClient(ManualTimeProvider time, bool fail, params ChatResponseUpdate[] updates) : IChatClient
    {
        public UpdatesChatClient(ManualTimeProvider time, params ChatResponseUpdate[] updates)
            : this(time, false, updates)
        {
        }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            (await Collect(GetStreamingResponseAsync(messages, options, cancellationToken))).ToChatResponse();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var update in updates)
            {
                await Task.Yield();
                time.Advance(TimeSpan.FromMilliseconds(500));
                yield return update;
            }

            if (fail)
            {
                throw new InvalidOperationException("backend down");
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
