using ChatHub.Inference.Abstractions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.HotQuestions;

public sealed class HotQuestionChatClientTests
{
    [Theory]
    [InlineData(ReplySources.Knowledge)]
    [InlineData(ReplySources.Model)]
    public async Task GetResponseAsync_FirstTurnQuestionAskedTwice_SecondIsCacheHit(string innerSource)
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient("the answer", innerSource);
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var first = await client.GetResponseAsync(Messages.Ask("What is ChatHub?")).DefaultTimeout();
        var second = await client.GetResponseAsync(Messages.Ask("  what is chathub ")).DefaultTimeout();

        Assert.Equal(innerSource, first.GetSource());
        Assert.Equal(ReplySources.Cache, second.GetSource());
        Assert.Equal("the answer", second.Text);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_KnowledgeAnswerWithSuggestions_CacheHitKeepsThem()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient((_, _) => Task.FromResult(
            StubChatClient.Respond("the answer", ReplySources.Knowledge).WithSuggestions(["Which platforms?", "How do I link?"])));
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var first = await client.GetStreamingResponseAsync(Messages.Ask("What is ChatHub?")).ToListWithTimeoutAsync();
        var second = await client.GetStreamingResponseAsync(Messages.Ask("what is chathub")).ToListWithTimeoutAsync();

        Assert.Equal(["Which platforms?", "How do I link?"], first[^1].AdditionalProperties.GetSuggestions());
        Assert.Equal(ReplySources.Cache, second[^1].GetSource());
        Assert.Equal(["Which platforms?", "How do I link?"], second[^1].AdditionalProperties.GetSuggestions());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_SystemFallback_IsNotCached()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient("I don't know", ReplySources.System);
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var first = await client.GetResponseAsync(Messages.Ask("meaning of life?")).DefaultTimeout();
        var second = await client.GetResponseAsync(Messages.Ask("meaning of life?")).DefaultTimeout();

        Assert.Equal(ReplySources.System, first.GetSource());
        Assert.Equal(ReplySources.System, second.GetSource());
        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task GetResponseAsync_InnerThrows_PropagatesAndCachesNothing()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient((_, _) => Task.FromException<ChatResponse>(new TimeoutException("slow model")));
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        await Assert.ThrowsAsync<TimeoutException>(() => client.GetResponseAsync(Messages.Ask("q"))).DefaultTimeout();

        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ConversationWithContext_BypassesCache()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("what is chathub", new HotAnswer("cached", ReplySources.Knowledge), CancellationToken.None).DefaultTimeout();
        var inner = new StubChatClient("fresh", ReplySources.Model);
        using var client = new HotQuestionChatClient(inner, harness.Cache);
        var conversation = Messages.Conversation(
            (ChatRole.User, "hi"), (ChatRole.Assistant, "hello"), (ChatRole.User, "What is ChatHub?"));

        var response = await client.GetResponseAsync(conversation).DefaultTimeout();

        Assert.Equal("fresh", response.Text);
        Assert.Equal(ReplySources.Model, response.GetSource());
        Assert.Equal(3, inner.LastMessages!.Count);
        Assert.Equal(1, harness.Store.Count);
    }

    [Fact]
    public async Task GetResponseAsync_SystemPlusOneUserMessage_UsesCache()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("what is chathub", new HotAnswer("cached", ReplySources.Knowledge), CancellationToken.None).DefaultTimeout();
        var inner = new StubChatClient();
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var response = await client.GetResponseAsync(
            Messages.Conversation((ChatRole.System, "Be brief."), (ChatRole.User, "What is ChatHub?"))).DefaultTimeout();

        Assert.Equal("cached", response.Text);
        Assert.Equal(ReplySources.Cache, response.GetSource());
        Assert.Equal(0, inner.Calls);
    }

    public static TheoryData<ChatMessage[]> UncacheableRequests => new()
    {
        Messages.Conversation((ChatRole.User, "one"), (ChatRole.User, "What is ChatHub?")),
        Messages.Conversation((ChatRole.Assistant, "Welcome!"), (ChatRole.User, "What is ChatHub?")),
        Messages.Conversation((ChatRole.Tool, "result"), (ChatRole.User, "What is ChatHub?")),
        Messages.Conversation((ChatRole.System, "only a system message")),
        Messages.Ask("?!"),
        Messages.Ask(new string('x', 501)),
        new[] { new ChatMessage(ChatRole.User, [new TextContent("What is ChatHub?"), new DataContent(new byte[] { 1 }, "image/png")]) },
    };

    [Theory]
    [MemberData(nameof(UncacheableRequests))]
    public async Task GetResponseAsync_NotFirstTurnContextFree_PassesThroughUncached(ChatMessage[] messages)
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("what is chathub", new HotAnswer("cached", ReplySources.Knowledge), CancellationToken.None).DefaultTimeout();
        var inner = new StubChatClient("fresh", ReplySources.Model);
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var response = await client.GetResponseAsync(messages).DefaultTimeout();

        Assert.Equal("fresh", response.Text);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, harness.Store.Count);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_FirstTurnQuestion_ComputesOnceThenHits()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient("streamed answer", ReplySources.Model);
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var first = await client.GetStreamingResponseAsync(Messages.Ask("How do I add Telegram?")).ToListWithTimeoutAsync();
        var second = await client.GetStreamingResponseAsync(Messages.Ask("how do i add telegram")).ToListWithTimeoutAsync();

        Assert.Equal("streamed answer", first.ToChatResponse().Text);
        Assert.All(first, update => Assert.Equal(ReplySources.Model, update.GetSource())); // the inner updates, streamed live
        Assert.Equal("streamed answer", second.ToChatResponse().Text);
        Assert.Equal(ReplySources.Cache, Assert.Single(second).GetSource());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_WithContext_StreamsInnerUpdates()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new StubChatClient("inner", ReplySources.Model);
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var updates = await client.GetStreamingResponseAsync(
            Messages.Conversation((ChatRole.User, "a"), (ChatRole.Assistant, "b"), (ChatRole.User, "c"))).ToListWithTimeoutAsync();

        Assert.Equal("inner", updates.ToChatResponse().Text);
        Assert.Equal(0, harness.Store.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentSameQuestion_InnerCalledOnce()
    {
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new StubChatClient(async (_, cancellationToken) =>
        {
            await gate.Task.WaitAsync(cancellationToken);
            return StubChatClient.Respond("slow model answer", ReplySources.Model);
        });
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var requests = Enumerable.Range(0, 20).Select(i => client.GetResponseAsync(Messages.Ask(i % 2 == 0 ? "Hot?" : "hot"))).ToArray();
        gate.SetResult();
        var responses = await Task.WhenAll(requests).DefaultTimeout();

        Assert.Equal(1, inner.Calls);
        Assert.All(responses, response => Assert.Equal("slow model answer", response.Text));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcurrentSameQuestion_FirstStreamsLiveOthersGetTheSharedAnswer()
    {
        using var harness = new HotQuestionCacheHarness();
        var inner = new ScriptedStreamingChatClient("Hel", "lo ", "world");
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        await using var first = client.GetStreamingResponseAsync(Messages.Ask("Hot?")).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync().AsTask().DefaultTimeout());
        var firstPiece = first.Current.Text; // arrives while the inner reply is still being produced
        var second = client.GetStreamingResponseAsync(Messages.Ask("hot")).ToListWithTimeoutAsync();
        inner.Gate.SetResult();
        var rest = new List<ChatResponseUpdate>();
        while (await first.MoveNextAsync().AsTask().DefaultTimeout())
        {
            rest.Add(first.Current);
        }

        var shared = Assert.Single(await second);
        Assert.Equal("Hel", firstPiece);
        Assert.Equal(["lo ", "world"], rest.Select(update => update.Text));
        Assert.Equal("Hello world", shared.Text);
        Assert.Equal(ReplySources.Cache, shared.GetSource()); // it waited for the first asker's computation, then read it
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, harness.Store.Count);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentSameQuestion_AnswerNotCacheable_TheWaiterComputesItsOwn()
    {
        // A person refused by their model budget gets a notice (source system, not cacheable); someone asking the same
        // question meanwhile must not be handed that notice (issue 22).
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var inner = new StubChatClient(async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                started.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken);
                return StubChatClient.Respond("Your budget is used up.", ReplySources.System);
            }

            return StubChatClient.Respond("the model's answer", ReplySources.Model);
        });
        using var client = new HotQuestionChatClient(inner, harness.Cache);

        var refused = client.GetResponseAsync(Messages.Ask("Hot?"));
        await started.Task.DefaultTimeout(); // the first asker's computation holds the key
        var other = client.GetResponseAsync(Messages.Ask("hot"));
        gate.SetResult();

        Assert.Equal("Your budget is used up.", (await refused.DefaultTimeout()).Text);
        Assert.Equal("the model's answer", (await other.DefaultTimeout()).Text);
        Assert.Equal(2, Volatile.Read(ref calls));
    }
}
