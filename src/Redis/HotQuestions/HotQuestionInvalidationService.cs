using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Redis.HotQuestions;

/// <summary>
/// Subscribes <see cref="RedisHotQuestionStore"/> to the L1 invalidations once Redis is connected, retrying with
/// backoff while it is not; after that the subscriber renews the subscription on every reconnect by itself.
/// </summary>
internal sealed class HotQuestionInvalidationService : BackgroundService
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);
    private readonly Connection.RedisConnection _redis;
    private readonly RedisHotQuestionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<HotQuestionInvalidationService> _logger;

    public HotQuestionInvalidationService(
        Connection.RedisConnection redis, RedisHotQuestionStore store, TimeProvider time, ILogger<HotQuestionInvalidationService> logger)
    {
        _redis = redis;
        _store = store;
        _time = time;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _store.StopListeningAsync();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        try
        {
            await _redis.Connected.WaitAsync(stoppingToken);
            while (true)
            {
                try
                {
                    await _store.StartListeningAsync(stoppingToken);
                    return;
                }
                catch (Resp.RespException ex)
                {
                    Log.HotQuestionSubscribeFailed(_logger, ex.Message);
                }

                await Task.Delay(delay, _time, stoppingToken);
                delay = delay * 2 > MaxDelay ? MaxDelay : delay * 2;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
