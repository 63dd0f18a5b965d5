using ChatHub.Conversation.Bus;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>The dispatch loop: MESSAGE_CREATE events and button presses to <c>DiscordIngress</c>, one at a time, in gateway order.</summary>
internal sealed partial class DiscordGatewayService
{
    private const int MaxPublishAttempts = 5;
    private static readonly RetryPolicy PublishRetry = new(MaxPublishAttempts, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var gatewayEvent in _events.Reader.ReadAllAsync(cancellationToken))
            {
                await HandleAsync(gatewayEvent, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The bounded drain on stop ran out.
        }
    }

    /// <summary>
    /// Discord does not redeliver an event the hub failed to queue (only a resume replays, and only what the
    /// connection missed), so a failed publish is retried here, with backoff, a few times.
    /// </summary>
    private async Task HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _ = gatewayEvent.Press is { } press
                    ? await _ingress.PublishAsync(press, cancellationToken)
                    : await _ingress.HandleAsync(gatewayEvent.Message!, cancellationToken);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // Loop boundary: the bus refused (or a bug); the next event must still be handled.
                if (attempt >= MaxPublishAttempts)
                {
                    DiscordLog.MessageDropped(_logger, gatewayEvent.Id, attempt);
                    return;
                }

                var delay = PublishRetry.DelayFor(attempt);
                DiscordLog.MessagePublishFailed(_logger, gatewayEvent.Id, attempt, delay, ex);
                await Task.Delay(delay, _time, cancellationToken);
            }
        }
    }
}
