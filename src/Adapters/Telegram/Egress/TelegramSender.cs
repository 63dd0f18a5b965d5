using System.Globalization;
using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Egress to Telegram. Typing shows "typing…" (refreshed); partial replies are shown progressively, sent once and
/// then edited in place, only when the chat's budget allows right now (skipped otherwise: the final catches up);
/// the final reply always goes out complete: edits of the shown parts, new messages for the rest, each waiting
/// for the budget and retried (<see cref="TelegramDelivery"/>). The reply's Markdown goes out as text with message
/// entities (<see cref="TelegramFormatter"/>; never a parse mode, so no character of the reply is markup), split at
/// 4,096 UTF-16 units without breaking an entity where a better cut exists (<see cref="TelegramFormattedSplitter"/>),
/// the first part threaded to the question. Suggested replies go on the last part as an inline keyboard, one button a
/// row, whose <c>callback_data</c> is only the button's place (<c>s0</c>…<c>s4</c>): ingress reads the chosen text back
/// from the button on the message (<see cref="Ingress.TelegramUpdateMapper"/>). A reply to be spoken
/// (<see cref="OutboundMessage.SpokenText"/>) follows its text as a voice note (<c>sendVoice</c>, Ogg Opus) threaded
/// to the question; best effort: a reply that cannot be spoken or sent as voice stays text.
/// </summary>
internal sealed class TelegramSender : IChannelSender
{
    private readonly TelegramBotApi _client;
    private readonly TelegramDelivery _delivery;
    private readonly TelegramReplyTracker _replies;
    private readonly TelegramTypingIndicator _typing;
    private readonly ITelegramRateLimiter _limiter;
    private readonly TelegramChatMigrations _migrations;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramSender> _logger;
    private readonly SpokenReplies? _spoken;

    public TelegramSender(
        TelegramBotApi client,
        TelegramDelivery delivery,
        TelegramReplyTracker replies,
        TelegramTypingIndicator typing,
        ITelegramRateLimiter limiter,
        TelegramChatMigrations migrations,
        IOptions<TelegramOptions> options,
        TimeProvider time,
        ILogger<TelegramSender> logger,
        SpokenReplies? spoken = null)
    {
        _client = client;
        _delivery = delivery;
        _replies = replies;
        _typing = typing;
        _limiter = limiter;
        _migrations = migrations;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _spoken = spoken;
    }

    public string Channel => ChannelNames.Telegram;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TelegramTarget.TryCreate(message, out var target))
        {
            return SendResult.Permanent($"'{message.Conversation.ChatId}' is not a Telegram chat id");
        }

        switch (message.Kind)
        {
            case OutboundKind.Typing:
                return await _typing.StartAsync(message.Id, target, cancellationToken);
            case OutboundKind.Partial:
                return await ShowPartialAsync(message, target, cancellationToken);
            default:
                _typing.Stop(message.Id);
                var result = await SendFinalAsync(message, target, cancellationToken);
                if (result.Status != SendStatus.Sent)
                {
                    TelegramLog.SendFailed(_logger, message.Id, result.Status, result.Reason);
                    return result;
                }

                if (message.SpokenText is not null)
                {
                    await SendSpokenAsync(message, target, cancellationToken);
                }

                return result;
        }
    }

    private async ValueTask<SendResult> SendFinalAsync(OutboundMessage message, TelegramTarget target, CancellationToken cancellationToken)
    {
        var parts = PartsOf(message);
        if (parts.Count == 0)
        {
            return SendResult.Permanent("the reply is empty");
        }

        var state = _replies.Get(message.Id);
        if (state.Completed)
        {
            return SendResult.Sent; // delivered before (bus redelivery)
        }

        var keyboard = KeyboardOf(message.Suggestions, message.Links);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var markup = i == parts.Count - 1 ? keyboard : null;
            if (i < state.Parts.Count)
            {
                var shown = state.Parts[i];
                if (shown.Text == text && markup is null)
                {
                    continue;
                }

                var (edit, _) = await _delivery.RunAsync(
                    shown.ChatId, "editMessageText", (chat, ct) => _client.EditMessageTextAsync(Edit(chat, shown.MessageId, text, markup), ct), cancellationToken);
                if (edit.Error is null or { Kind: TelegramErrorKind.NotModified })
                {
                    shown.Text = text;
                    continue;
                }

                if (edit.Error.Kind != TelegramErrorKind.BadRequest)
                {
                    return TelegramSendResults.From(edit.Error);
                }

                // The shown message is gone or can no longer be edited: send the rest as new messages.
                state.Parts.RemoveRange(i, state.Parts.Count - i);
            }

            var (sent, sentTo) = await _delivery.RunAsync(
                target.ChatId, "sendMessage", (chat, ct) => _client.SendMessageAsync(Send(chat, target, text, threaded: i == 0, markup), ct), cancellationToken);
            if (sent.Error is not null)
            {
                return TelegramSendResults.From(sent.Error); // progress so far is kept for the bus retry
            }

            state.Parts.Add(new TelegramReplyState.SentPart(sentTo, sent.Value!.Id, text));
        }

        state.Completed = true;
        return SendResult.Sent;
    }

    /// <summary>The reply spoken, as a voice note after its text: once (a redelivered reply is not spoken again), and never a failure of the reply.</summary>
    private async ValueTask SendSpokenAsync(OutboundMessage message, TelegramTarget target, CancellationToken cancellationToken)
    {
        var state = _replies.Get(message.Id);
        if (state.Spoken)
        {
            return;
        }

        state.Spoken = true; // given up or sent: the text is what counts
        if (await _spoken.SpeakAsync(message, cancellationToken) is not { } audio)
        {
            return;
        }

        var (sent, _) = await _delivery.RunAsync(
            target.ChatId, "sendVoice", (chat, ct) => _client.SendVoiceAsync(Voice(chat, target, audio), ct), cancellationToken);
        if (sent.Error is { } error)
        {
            TelegramLog.VoiceNotSent(_logger, message.Id, error.Kind, error.Description);
        }
    }

    /// <summary>Best effort, never waits: shows as much of the text as the budget allows now.</summary>
    private async ValueTask<SendResult> ShowPartialAsync(OutboundMessage message, TelegramTarget target, CancellationToken cancellationToken)
    {
        var state = _replies.Get(message.Id);
        if (state.Completed || (state.Parts.Count > 0 && _time.GetElapsedTime(state.LastShownAt) < _options.MinEditInterval))
        {
            return SendResult.Sent; // late, or throttled: the final carries the whole text
        }

        var parts = PartsOf(message);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var existing = i < state.Parts.Count ? state.Parts[i] : null;
            if (existing?.Text == text)
            {
                continue;
            }

            var chat = existing?.ChatId ?? _migrations.Resolve(target.ChatId);
            if (!await _limiter.TryAcquireAsync(chat, cancellationToken))
            {
                return SendResult.Sent;
            }

            state.LastShownAt = _time.GetTimestamp();
            if (existing is not null)
            {
                var edit = await _client.EditMessageTextAsync(Edit(chat, existing.MessageId, text), cancellationToken);
                if (edit.Error is not null and not { Kind: TelegramErrorKind.NotModified })
                {
                    return await TelegramSendResults.BestEffortAsync(edit.Error, chat, _limiter, _migrations, cancellationToken);
                }

                existing.Text = text;
                continue;
            }

            var sent = await _client.SendMessageAsync(Send(chat, target, text, threaded: i == 0), cancellationToken);
            if (sent.Error is not null)
            {
                return await TelegramSendResults.BestEffortAsync(sent.Error, chat, _limiter, _migrations, cancellationToken);
            }

            _typing.Stop(message.Id); // the text is visible now
            state.Parts.Add(new TelegramReplyState.SentPart(chat, sent.Value!.Id, text));
        }

        return SendResult.Sent;
    }

    internal static IReadOnlyList<TelegramText> PartsOf(OutboundMessage message) =>
        TelegramFormattedSplitter.Split(TelegramFormatter.Format(FormattedText.Of(message)));

    /// <summary>The suggested replies as an inline keyboard, one button a row; null when there are none.</summary>
    internal static InlineKeyboardMarkup? KeyboardOf(IReadOnlyList<string>? suggestions, IReadOnlyList<LinkButton>? links = null)
    {
        // One button a row: suggestions (callback buttons, the data names which one), then links (url buttons: Telegram
        // opens them, the bot hears nothing).
        var rows = (suggestions ?? []).Select((text, index) => new[] { InlineKeyboardButton.WithCallbackData(text, string.Create(CultureInfo.InvariantCulture, $"s{index}")) })
            .Concat((links ?? []).Select(link => new[] { InlineKeyboardButton.WithUrl(link.Text, link.Url) }))
            .ToArray();
        return rows.Length == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    /// <summary>Text and entities, never a parse mode: model output can never inject formatting or hidden links.</summary>
    private static SendMessageRequest Send(long chatId, TelegramTarget target, TelegramText text, bool threaded, InlineKeyboardMarkup? markup = null) => new()
    {
        ReplyMarkup = markup,
        ChatId = chatId,
        Text = text.Text,
        Entities = text.MessageEntities,
        MessageThreadId = target.ThreadId,
        ReplyParameters = threaded && target.ReplyTo is { } replyTo
            ? new ReplyParameters { MessageId = replyTo, AllowSendingWithoutReply = true }
            : null,
    };

    /// <summary>A voice note threaded to the question (a new stream for each attempt).</summary>
    private static SendVoiceRequest Voice(long chatId, TelegramTarget target, SpokenAudio audio) => new()
    {
        ChatId = chatId,
        Voice = InputFile.FromStream(new MemoryStream(audio.Audio, writable: false), "reply.ogg"),
        Duration = audio.Duration is { } length ? (int)Math.Ceiling(length.TotalSeconds) : null,
        MessageThreadId = target.ThreadId,
        ReplyParameters = target.ReplyTo is { } replyTo ? new ReplyParameters { MessageId = replyTo, AllowSendingWithoutReply = true } : null,
    };

    private static EditMessageTextRequest Edit(long chatId, int messageId, TelegramText text, InlineKeyboardMarkup? markup = null) =>
        new() { ChatId = chatId, MessageId = messageId, Text = text.Text, Entities = text.MessageEntities, ReplyMarkup = markup };
}
