using ChatHub.Adapters.BotFramework.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// At start (ingress role): fetches the Bot Connector's signing keys in the background, retrying on the cache's own
/// backoff (<see cref="OpenIdMetadataCache.FailureBackoff"/>, shared with the requests) until it succeeds, so readiness
/// turns healthy without waiting for the first activity. Host start never waits for it (the handler also fetches on
/// demand, and answers 503 while no keys can be had).
/// </summary>
internal sealed class BotFrameworkStartupService : IHostedService, IDisposable
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly BotFrameworkSigningKeys _keys;
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkStartupService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loading;

    public BotFrameworkStartupService(BotFrameworkSigningKeys keys, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkStartupService> logger)
    {
        _keys = keys;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        BotFrameworkLog.Started(_logger, _options.AppId ?? "", BotFrameworkOptions.MessagesPath);
        _loading = LoadAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loading is not null)
        {
            await _loading.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await Task.Yield(); // never on the host's start path
        var cache = _keys.BotConnector;
        try
        {
            while (true)
            {
                try
                {
                    await cache.GetAsync(cancellationToken);
                    return;
                }
                catch (MetadataUnavailableException)
                {
                    // Logged by the cache; readiness reports it.
                }

                // Try again when the cache's backoff ends (requests share it), at least a second from now.
                var wait = (cache.RetryAt ?? cache.UtcNow) - cache.UtcNow;
                await Task.Delay(wait > MinimumWait ? wait : MinimumWait, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
