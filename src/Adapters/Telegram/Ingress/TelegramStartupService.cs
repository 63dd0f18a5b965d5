using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Requests;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// At start (ingress role): <c>getMe</c> to learn the bot's username, then, in webhook mode with a
/// <see cref="TelegramOptions.PublicUrl"/>, <c>setWebhook</c> with the secret and the allowed updates. The first
/// attempt runs during host start; if Telegram cannot be reached it keeps trying in the background with backoff
/// (readiness stays unhealthy and the webhook answers 503 until it succeeds), so an outage never stops the hub.
/// </summary>
internal sealed class TelegramStartupService : IHostedService, IDisposable
{
    private readonly TelegramBotApi _client;
    private readonly TelegramBotIdentity _identity;
    private readonly TelegramHealth _health;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramStartupService> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private bool _webhookSet;
    private Task? _retries;

    public TelegramStartupService(
        TelegramBotApi client,
        TelegramBotIdentity identity,
        TelegramHealth health,
        IOptions<TelegramOptions> options,
        TimeProvider time,
        ILogger<TelegramStartupService> logger)
    {
        _client = client;
        _identity = identity;
        _health = health;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The URL given to setWebhook: <c>{PublicUrl}/webhooks/telegram</c>.</summary>
    public static string WebhookUrl(Uri publicUrl)
    {
        ArgumentNullException.ThrowIfNull(publicUrl);
        return publicUrl.AbsoluteUri.TrimEnd('/') + TelegramOptions.WebhookPath;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryInitializeAsync(cancellationToken))
        {
            _retries = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retries is not null)
        {
            await _retries.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(CancellationToken cancellationToken)
    {
        var backoff = new RetryPolicy(int.MaxValue, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await Task.Delay(backoff.DelayFor(attempt), _time, cancellationToken);
                if (await TryInitializeAsync(cancellationToken))
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

    private async Task<bool> TryInitializeAsync(CancellationToken cancellationToken)
    {
        if (!_identity.IsKnown)
        {
            var me = await _client.GetMeAsync(cancellationToken);
            if (me.Error is { } error)
            {
                TelegramLog.GetMeFailed(_logger, error.Kind, error.ErrorCode ?? 0, error.Description);
                _health.StartupFailed($"getMe: {error}");
                return false;
            }

            _identity.SetUsername(me.Value!.Username ?? "");
            TelegramLog.BotIdentified(_logger, me.Value.Id, me.Value.Username, _options.Mode);
        }

        if (_options.Mode == TelegramMode.Webhook && _options.PublicUrl is { } publicUrl && !_webhookSet)
        {
            var url = WebhookUrl(publicUrl);
            var result = await _client.SetWebhookAsync(
                new SetWebhookRequest { Url = url, SecretToken = string.IsNullOrEmpty(_options.WebhookSecret) ? null : _options.WebhookSecret, AllowedUpdates = TelegramUpdateTypes.Allowed },
                cancellationToken);
            if (result.Error is { } error)
            {
                TelegramLog.SetWebhookFailed(_logger, error.Kind, error.ErrorCode ?? 0, error.Description);
                _health.StartupFailed($"setWebhook: {error}");
                return false;
            }

            _webhookSet = true;
            _health.WebhookRegistered();
            TelegramLog.WebhookRegistered(_logger, url);
        }

        return true;
    }
}
