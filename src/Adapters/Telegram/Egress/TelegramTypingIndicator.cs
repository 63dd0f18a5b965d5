using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Telegram.Api;
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
    private readonly TelegramBotApi _client;
    private readonly ITelegramRateLimiter _limiter;
    private readonly TelegramChatMigrations _migrations;
    private readonly TypingRefresher<TelegramTarget> _refresher;

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
        _refresher = new(SendOnceAsync, TypingRefresher<TelegramTarget>.UnlessPermanent, options.Value.TypingInterval, options.Value.MaxTypingDuration, time,
            ex => TelegramLog.TypingFailed(logger, ex));
    }

    internal int Active => _refresher.Active;

    public ValueTask<SendResult> StartAsync(string replyId, TelegramTarget target, CancellationToken cancellationToken) =>
        target.IsChannel ? ValueTask.FromResult(SendResult.Sent) : _refresher.StartAsync(replyId, target, cancellationToken);

    public void Stop(string replyId) => _refresher.Stop(replyId);

    public void Dispose() => _refresher.Dispose();

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
