using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// Egress to Discord. Typing posts the typing endpoint (refreshed); partial replies are shown progressively, created
/// once and then edited in place at most every <see cref="DiscordOptions.MinEditInterval"/>, only when the bucket
/// allows right now (skipped otherwise: the final catches up); the final reply always goes out complete: edits of
/// the shown parts, new messages for the rest, each retried within Discord's rate limits
/// (<see cref="DiscordDelivery"/>). Text is split at 2,000 characters, the first part references the question
/// (<c>message_reference</c>), and <c>allowed_mentions</c> is empty, so model output never pings anyone; the text is
/// Markdown-escaped unless it is the knowledge base's (<see cref="DiscordMarkdown"/>), and link embeds are suppressed
/// (<c>flags</c> SUPPRESS_EMBEDS), so a link in a reply shows no preview card chosen by the linked site.
/// Creates carry a nonce per reply part with <c>enforce_nonce</c>: a retried create cannot post twice. A final
/// reply's suggested replies are buttons on its last part (<see cref="ButtonsOf"/>); a press comes back as an
/// interaction (<c>DiscordIngress.Press</c>).
/// </summary>
internal sealed class DiscordSender : IChannelSender
{
    private readonly DiscordRestClient _client;
    private readonly DiscordDelivery _delivery;
    private readonly DiscordReplyTracker _replies;
    private readonly DiscordTypingIndicator _typing;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordSender> _logger;

    public DiscordSender(
        DiscordRestClient client,
        DiscordDelivery delivery,
        DiscordReplyTracker replies,
        DiscordTypingIndicator typing,
        IOptions<DiscordOptions> options,
        TimeProvider time,
        ILogger<DiscordSender> logger)
    {
        _client = client;
        _delivery = delivery;
        _replies = replies;
        _typing = typing;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public string Channel => ChannelNames.Discord;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!DiscordTarget.TryCreate(message, out var target))
        {
            return SendResult.Permanent($"'{message.Conversation.ChatId}' is not a Discord channel id");
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
                    DiscordLog.SendFailed(_logger, message.Id, result.Status, result.Reason);
                }

                return result;
        }
    }

    private async ValueTask<SendResult> SendFinalAsync(OutboundMessage message, DiscordTarget target, CancellationToken cancellationToken)
    {
        var parts = DiscordMarkdown.PartsOf(message);
        if (parts.Count == 0)
        {
            return SendResult.Permanent("the reply is empty");
        }

        var state = _replies.Get(message.Id);
        if (state.Completed)
        {
            return SendResult.Sent; // delivered before (bus redelivery)
        }

        var buttons = ButtonsOf(message.Suggestions, message.Links);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var components = i == parts.Count - 1 ? buttons : null;
            if (i < state.Parts.Count)
            {
                var shown = state.Parts[i];
                if (shown.Text == text && components is null)
                {
                    continue;
                }

                var edit = await EditAsync(target.ChannelId, shown.MessageId, text, components, cancellationToken);
                if (edit.Error is null)
                {
                    shown.Text = text;
                    continue;
                }

                if (edit.Error is not { Kind: DiscordErrorKind.NotFound, Code: DiscordError.UnknownMessage })
                {
                    return DiscordSendResults.From(edit.Error);
                }

                // The shown message was deleted: send the rest as new messages.
                state.Parts.RemoveRange(i, state.Parts.Count - i);
            }

            var created = await _delivery.RunAsync(
                DiscordRoute.CreateMessage(target.ChannelId), ct => _client.CreateMessageAsync(target.ChannelId, Create(message.Id, i, target, text, components), ct), cancellationToken);
            if (created.Error is not null)
            {
                return DiscordSendResults.From(created.Error); // progress so far is kept for the bus retry
            }

            var sent = created.Value!;
            if ((sent.Content is { } content && !SameText(content, text)) || (components is not null && sent.Components is not { Count: > 0 }))
            {
                // The nonce matched an earlier create of this part (a partial shown by another attempt): bring it up to date.
                var update = await EditAsync(target.ChannelId, sent.Id, text, components, cancellationToken);
                if (update.Error is not null)
                {
                    return DiscordSendResults.From(update.Error);
                }
            }

            state.Parts.Add(new DiscordReplyState.SentPart(sent.Id, text));
        }

        state.Completed = true;
        return SendResult.Sent;
    }

    /// <summary>Best effort, never waits: shows as much of the text as the buckets allow now.</summary>
    private async ValueTask<SendResult> ShowPartialAsync(OutboundMessage message, DiscordTarget target, CancellationToken cancellationToken)
    {
        var state = _replies.Get(message.Id);
        if (state.Completed || (state.Parts.Count > 0 && _time.GetElapsedTime(state.LastShownAt) < _options.MinEditInterval))
        {
            return SendResult.Sent; // late, or throttled: the final carries the whole text
        }

        var parts = DiscordMarkdown.PartsOf(message);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var existing = i < state.Parts.Count ? state.Parts[i] : null;
            if (existing?.Text == text)
            {
                continue;
            }

            state.LastShownAt = _time.GetTimestamp();
            if (existing is not null)
            {
                var edit = await _client.EditMessageAsync(target.ChannelId, existing.MessageId, new EditMessageRequest { Content = text, Flags = MessageFlags.SuppressEmbeds }, cancellationToken);
                if (edit.Error is not null)
                {
                    return DiscordSendResults.From(edit.Error);
                }

                existing.Text = text;
                continue;
            }

            var sent = await _client.CreateMessageAsync(target.ChannelId, Create(message.Id, i, target, text), cancellationToken);
            if (sent.Error is not null)
            {
                return DiscordSendResults.From(sent.Error);
            }

            _typing.Stop(message.Id); // the text is visible now
            state.Parts.Add(new DiscordReplyState.SentPart(sent.Value!.Id, text));
        }

        return SendResult.Sent;
    }

    /// <summary>Discord may store line breaks and outer whitespace differently; only a real difference is worth an edit.</summary>
    private static bool SameText(string shown, string text) =>
        shown.ReplaceLineEndings("\n").Trim() == text.ReplaceLineEndings("\n").Trim();

    private Task<DiscordResult<DiscordMessage>> EditAsync(
        string channelId, string messageId, string text, IReadOnlyList<MessageComponent>? components, CancellationToken cancellationToken) =>
        _delivery.RunAsync(DiscordRoute.EditMessage(channelId, messageId),
            ct => _client.EditMessageAsync(channelId, messageId, new EditMessageRequest { Content = text, Flags = MessageFlags.SuppressEmbeds, Components = components }, ct),
            cancellationToken);

    /// <summary>
    /// Suggested replies as one row of secondary buttons (at most five, Discord's row limit and the hub's); the custom
    /// id says which one (<c>s0</c>…), the label is the text a press asks. Links as a row of link buttons below it.
    /// </summary>
    internal static IReadOnlyList<MessageComponent>? ButtonsOf(IReadOnlyList<string>? suggestions, IReadOnlyList<LinkButton>? links = null)
    {
        var rows = new List<MessageComponent>(2);
        if (suggestions is { Count: > 0 })
        {
            rows.Add(Row(suggestions.Take(MessageComponent.MaxButtonsPerRow).Select((text, index) => new MessageComponent
            {
                Type = MessageComponent.ButtonType,
                Style = MessageComponent.SecondaryStyle,
                Label = Label(text),
                CustomId = string.Create(CultureInfo.InvariantCulture, $"s{index}"),
            })));
        }

        if (links is { Count: > 0 })
        {
            rows.Add(Row(links.Take(MessageComponent.MaxButtonsPerRow).Select(link => new MessageComponent
            {
                Type = MessageComponent.ButtonType,
                Style = MessageComponent.LinkStyle,
                Label = Label(link.Text),
                Url = link.Url,
            })));
        }

        return rows.Count == 0 ? null : rows;

        static MessageComponent Row(IEnumerable<MessageComponent> buttons) => new() { Type = MessageComponent.ActionRowType, Components = [.. buttons] };

        static string Label(string text) => text.Length <= MessageComponent.MaxLabelLength ? text : text[..MessageComponent.MaxLabelLength];
    }

    private static CreateMessageRequest Create(string replyId, int part, DiscordTarget target, string text, IReadOnlyList<MessageComponent>? components = null) => new()
    {
        Components = components,
        Content = text,
        MessageReference = part == 0 && target.ReplyTo is { } replyTo
            ? new MessageReference { MessageId = replyTo, FailIfNotExists = false }
            : null,
        Nonce = Nonce(replyId, part),
        EnforceNonce = true,
        Flags = MessageFlags.SuppressEmbeds,
    };

    /// <summary>25 characters (Discord's maximum), the same for every attempt at one part of one reply.</summary>
    internal static string Nonce(string replyId, int part)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{replyId}#{part}"), hash);
        return Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_')[..25];
    }
}
