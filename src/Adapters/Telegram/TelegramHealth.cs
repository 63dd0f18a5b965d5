using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram;

/// <summary>
/// Readiness of the Telegram adapter (tag <c>ready</c>). With ingress: <c>getMe</c> has succeeded, the webhook is
/// registered (when <see cref="TelegramOptions.PublicUrl"/> is set) or the polling loop is running and its last
/// getUpdates did not fail. Egress alone needs nothing at start (sends report their own failures).
/// </summary>
internal sealed class TelegramHealth : IHealthCheck
{
    private readonly HubRoles _roles;
    private readonly TelegramBotIdentity _identity;
    private readonly TelegramOptions _options;
    private volatile string? _startupError;
    private volatile bool _webhookRegistered;
    private volatile bool _polling;
    private volatile string? _pollingError;

    public TelegramHealth(HubRoles roles, TelegramBotIdentity identity, IOptions<TelegramOptions> options)
    {
        _roles = roles;
        _identity = identity;
        _options = options.Value;
    }

    public void StartupFailed(string reason) => _startupError = reason;

    public void WebhookRegistered()
    {
        _webhookRegistered = true;
        _startupError = null;
    }

    public void PollingRunning()
    {
        _polling = true;
        _pollingError = null;
    }

    public void PollingFailed(string reason) => _pollingError = reason;

    public void PollingStopped() => _polling = false;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (!_roles.Has(HubRole.Ingress))
        {
            return HealthCheckResult.Healthy("telegram: egress only");
        }

        if (!_identity.IsKnown)
        {
            return HealthCheckResult.Unhealthy($"telegram: getMe has not succeeded yet{Because(_startupError)}");
        }

        if (_options.Mode == TelegramMode.Webhook && _options.PublicUrl is not null && !_webhookRegistered)
        {
            return HealthCheckResult.Unhealthy($"telegram: setWebhook has not succeeded yet{Because(_startupError)}");
        }

        if (_options.Mode == TelegramMode.Polling)
        {
            if (_pollingError is { } error)
            {
                return HealthCheckResult.Unhealthy($"telegram: getUpdates is failing ({error})");
            }

            if (!_polling)
            {
                return HealthCheckResult.Unhealthy("telegram: the polling loop is not running");
            }
        }

        return HealthCheckResult.Healthy($"telegram: @{_identity.Username}, {_options.Mode.ToString().ToLowerInvariant()}");
    }

    private static string Because(string? error) => error is null ? "" : $" ({error})";
}
