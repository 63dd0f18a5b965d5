using ChatHub.Adapters.Slack.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// At start (ingress role): <c>auth.test</c> with the bot token, to learn the bot's user id (its mention is stripped,
/// its own messages skipped) and its workspace. The first attempt runs during host start; if Slack cannot be reached it
/// keeps trying in the background with backoff (readiness stays unhealthy and the endpoint answers 503, which Slack
/// retries), so an outage never stops the hub. A rejected token (<c>invalid_auth</c>, …) stops trying, logged as
/// critical, readiness unhealthy with the reason.
/// </summary>
internal sealed class SlackStartupService : IHostedService, IDisposable
{
    private readonly SlackWebApiClient _client;
    private readonly SlackBotIdentity _identity;
    private readonly SlackHealth _health;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackStartupService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retries;

    public SlackStartupService(
        SlackWebApiClient client, SlackBotIdentity identity, SlackHealth health, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackStartupService> logger)
    {
        _client = client;
        _identity = identity;
        _health = health;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryInitializeAsync(1, cancellationToken) is null)
        {
            _retries = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retries is not null)
        {
            await _retries.WaitAsync(cancellationToken).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>True: done; false: stopped for good; null: try again.</summary>
    private async Task<bool?> TryInitializeAsync(int attempt, CancellationToken cancellationToken)
    {
        var result = await _client.AuthTestAsync(cancellationToken);
        if (result.Value is { UserId: { } userId, TeamId: { } teamId } me && SlackEventMapper.IsId(userId) && SlackEventMapper.IsId(teamId))
        {
            _identity.Set(userId, me.BotId, teamId);
            SlackLog.Ready(_logger, userId, me.BotId, teamId, _options.Mode);
            if (_options.Mode == SlackMode.Events)
            {
                _health.Ready($"bot {userId} in workspace {teamId}, Events API on {SlackOptions.WebhookPath}");
            }

            return true;
        }

        if (result.Error is { Kind: SlackErrorKind.Unauthorized } rejected)
        {
            SlackLog.TokenRejected(_logger, rejected.Description);
            _health.Stopped($"Slack rejected the bot token ({rejected.Description})");
            return false;
        }

        var reason = result.Error?.ToString() ?? "auth.test answered without user_id or team_id";
        var delay = new RetryPolicy(int.MaxValue, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay).DelayFor(attempt);
        SlackLog.AuthTestFailed(_logger, reason, delay);
        _health.Disconnected($"auth.test failed: {reason}", attempt);
        return null;
    }

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await Task.Delay(new RetryPolicy(int.MaxValue, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay).DelayFor(attempt), _time, cancellationToken);
                if (await TryInitializeAsync(attempt + 1, cancellationToken) is not null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
