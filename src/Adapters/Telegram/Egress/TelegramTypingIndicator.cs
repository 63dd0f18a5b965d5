using System.Collections.Concurrent;
using ChatHub.Adapters.Telegram.BotApi;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// "typing…" while a reply is produced: <c>sendChatAction</c> at once, then every
/// <see cref="TelegramOptions.TypingInterval"/> until the reply's first message is shown, the reply is final, or
/// <see cref="TelegramOptions.MaxTypingDuration"/> has passed. Best effort: it spends the chat's budget only when
/// some is available now, and never in channels.
/// </summary>
internal sealed class TelegramTypingIndicator : IDisposable
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly TelegramBotApi _client;
    private readonly ITelegramRateLimiter _limiter;
    private readonly TelegramChatMigrations _migrations;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramTypingIndicator> _logger;

    public TelegramTypingIndicator(
        TelegramBotApi client,
        ITelegramRateLimiter limiter,
        TelegramChatMigrations migrations,
        IOptions<TelegramOptions> options,
        TimeProvider time,
        ILogger<TelegramTypingIndicator> logger)
    {
        _client = client;
        _limiter = limiter;
        _migrations = migrations;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    internal int Active => _active.Count;

    public async ValueTask<SendResult> StartAsync(string replyId, TelegramTarget target, CancellationToken cancellationToken)
    {
        if (target.IsChannel)
        {
            return SendResult.Sent;
        }

        var result = await SendOnceAsync(target, cancellationToken);
        if (result.Status == SendStatus.Permanent)
        {
            return result;
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

        return result;
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

    private async Task RefreshAsync(string replyId, TelegramTarget target, CancellationTokenSource refresh)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.TypingInterval, _time, refresh.Token);
                if ((await SendOnceAsync(target, refresh.Token)).Status == SendStatus.Permanent)
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
            TelegramLog.TypingFailed(_logger, ex);
        }
        finally
        {
            _active.TryRemove(new KeyValuePair<string, CancellationTokenSource>(replyId, refresh));
            refresh.Dispose();
        }
    }

    private async ValueTask<SendResult> SendOnceAsync(TelegramTarget target, CancellationToken cancellationToken)
    {
        var chat = _migrations.Resolve(target.ChatId);
        if (!await _limiter.TryAcquireAsync(chat, cancellationToken))
        {
            return SendResult.Sent; // over budget: the reply itself matters more
        }

        var result = await _client.SendChatActionAsync(new SendChatActionRequest { ChatId = chat, Action = ChatAction.Typing, MessageThreadId = target.ThreadId }, cancellationToken);
        return await TelegramSendResults.BestEffortAsync(result.Error, chat, _limiter, _migrations, cancellationToken);
    }
}
