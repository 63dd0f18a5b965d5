using System.Collections.Concurrent;
using ChatHub.Adapters.BotFramework.Protocol;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// "typing…" while a reply is produced: a <c>typing</c> activity at once, then every
/// <see cref="BotFrameworkOptions.TypingInterval"/> (Teams shows one for about 3 s) until the reply is final or
/// <see cref="BotFrameworkOptions.MaxTypingDuration"/> has passed. Best effort: one attempt each, and the refresh
/// stops at the first failure (a 429 included), so typing never competes with the reply for the conversation's
/// budget. Not in Teams channels, which do not show it.
/// </summary>
internal sealed class BotFrameworkTypingIndicator : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly BotFrameworkDelivery _delivery;
    private readonly BotFrameworkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkTypingIndicator> _logger;

    public BotFrameworkTypingIndicator(
        BotFrameworkDelivery delivery, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkTypingIndicator> logger)
    {
        _delivery = delivery;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    internal int Active => _active.Count;

    public async ValueTask<SendResult> StartAsync(string replyId, BotFrameworkTarget target, CancellationToken cancellationToken)
    {
        if (target.IsChannel)
        {
            return SendResult.Sent;
        }

        var sent = await _delivery.PostOnceAsync(target, OutboundActivity.Typing(), cancellationToken);
        if (sent.Error is { } error)
        {
            return error.IsTransient ? SendResult.Transient($"typing: {error}") : SendResult.Permanent($"typing: {error}");
        }

        var refresh = new CancellationTokenSource(_options.MaxTypingDuration, _time);
        if (_active.TryAdd(replyId, refresh))
        {
            _ = RefreshAsync(replyId, target, refresh);
        }
        else
        {
            refresh.Dispose();
        }

        return SendResult.Sent;
    }

    public void Stop(string replyId)
    {
        if (_active.TryRemove(replyId, out var refresh))
        {
            try
            {
                refresh.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The loop ended on its own meanwhile.
            }
        }
    }

    public void Dispose()
    {
        foreach (var replyId in _active.Keys)
        {
            Stop(replyId);
        }
    }

    private async Task RefreshAsync(string replyId, BotFrameworkTarget target, CancellationTokenSource refresh)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.TypingInterval, _time, refresh.Token);
                if ((await _delivery.PostOnceAsync(target, OutboundActivity.Typing(), refresh.Token)).Error is not null)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (refresh.IsCancellationRequested)
        {
            // Stopped, or typed for MaxTypingDuration.
        }
        catch (Exception ex)
        {
            // Loop boundary of a fire-and-forget loop: typing is best effort.
            BotFrameworkLog.TypingFailed(_logger, ex);
        }
        finally
        {
            _active.TryRemove(new KeyValuePair<string, CancellationTokenSource>(replyId, refresh));
            refresh.Dispose();
        }
    }
}
