using System.Diagnostics.Metrics;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.HotQuestions;
using ChatHub.Resp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.HotQuestions;

/// <summary>The L2 is a cache tier: while Redis cannot be reached it is skipped, and the cache works from L1.</summary>
public sealed class RedisHotQuestionStoreOutageTests
{
    [Fact]
    public async Task Cache_RedisNotConnected_WritesL1Only_ReadsMissL2_NothingThrows()
    {
        await using var unreachable = new RedisConnection(new RespConfiguration { Host = "127.0.0.1", Port = 1 }); // never started
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = Options.Create(new HotQuestionCacheOptions());
        var l1 = new MemoryHotQuestionStore(options, TimeProvider.System);
        var l2 = new RedisHotQuestionStore(unreachable, new RedisKeyspace("down:"), l1, options);
        var cache = new HotQuestionCache([l1, l2], options, services.GetRequiredService<IMeterFactory>());

        await cache.SetAsync("q", new HotAnswer("a", "knowledge"), default).DefaultTimeout(); // as the warm-up at start does
        Assert.Equal("a", (await cache.GetAsync("q", default).DefaultTimeout())!.Text);
        Assert.Null(await l2.GetAsync("q", default).DefaultTimeout());
        await cache.RemoveAsync("q", default).DefaultTimeout();
        Assert.Null(await cache.GetAsync("q", default).DefaultTimeout());
    }
}
