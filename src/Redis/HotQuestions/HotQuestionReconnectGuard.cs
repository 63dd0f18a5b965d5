using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Redis.HotQuestions;

/// <summary>
/// Keeps the rule that FusionCache's backplane does not: pub/sub loses what is published while it is down, so after the
/// subscription connection comes back this node drops its hot-question L1 copies (L2 still has the answers). Does
/// nothing when the hot-question cache is not registered.
/// </summary>
internal sealed class HotQuestionReconnectGuard : IHostedService
{
    private readonly RedisConnection _redis;
    private readonly IServiceProvider _provider;
    private HotQuestionCache? _cache;

    public HotQuestionReconnectGuard(RedisConnection redis, IServiceProvider provider)
    {
        _redis = redis;
        _provider = provider;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolved here, not in the constructor: the cache's backplane needs the multiplexer, which exists once the
        // connection (the first hosted service) has started.
        _cache = _provider.GetService<HotQuestionCache>();
        if (_cache is not null)
        {
            _redis.SubscriptionRestored += OnSubscriptionRestored;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _redis.SubscriptionRestored -= OnSubscriptionRestored;
        return Task.CompletedTask;
    }

    private void OnSubscriptionRestored(object? sender, EventArgs e) => _cache!.DropLocalCopies();
}
