using ChatHub.Inference.Abstractions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Knowledge;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Tests.HotQuestions;

public sealed class HotQuestionWarmupServiceTests
{
    private static readonly KnowledgeBase Base = KnowledgeBase.Parse("""
        ## What is ChatHub?
        Also: tell me about ChatHub
        Also: who are you
        A hub.

        ## How do I reset?
        Send /reset.
        """);

    [Fact]
    public async Task StartAsync_KnowledgeBase_CachesEveryQuestionAndAlternative()
    {
        using var harness = new HotQuestionCacheHarness();
        var service = new HotQuestionWarmupService(harness.Cache, Options.Create(harness.Options), Base);

        await service.StartAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(4, harness.Store.Count);
        foreach (var key in new[] { "what is chathub", "tell me about chathub", "who are you" })
        {
            var answer = harness.Store.TryGet(key);
            Assert.Equal(("A hub.", ReplySources.Knowledge), (answer?.Text, answer?.Source));
            Assert.Equal(["What is ChatHub?"], answer?.Sources ?? []);
        }

        Assert.Equal("Send /reset.", harness.Store.TryGet("how do i reset")?.Text);
    }

    [Fact]
    public async Task StartAsync_WarmUpDisabledOrNoKnowledgeBase_CachesNothing()
    {
        using var harness = new HotQuestionCacheHarness(new HotQuestionCacheOptions { WarmUpFromKnowledgeBase = false });

        await new HotQuestionWarmupService(harness.Cache, Options.Create(harness.Options), Base).StartAsync(CancellationToken.None).DefaultTimeout();
        await new HotQuestionWarmupService(harness.Cache, Options.Create(new HotQuestionCacheOptions())).StartAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, harness.Store.Count);
    }
}
