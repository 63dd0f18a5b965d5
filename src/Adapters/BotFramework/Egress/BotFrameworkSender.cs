using System.Text;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Egress to the Bot Connector (channel <c>teams</c>). Typing shows "typing…" (refreshed); partial replies are not
/// shown (Teams' streaming protocol is optional: the typing indicator runs until the final reply); the final reply
/// is posted as Markdown (<c>textFormat: markdown</c>, written by <see cref="TeamsMarkdownWriter"/>: the reply's
/// formatting kept, its text escaped, so no tag or <c>&lt;at&gt;</c> mention can be formed; no entities) in parts of at
/// most <see cref="BotFrameworkOptions.MaxMessageBytes"/> (a longer reply is split by <see cref="MarkupSplitter"/>,
/// closing and reopening a code block it cuts; see <see cref="PartsOf"/>), each a reply to the
/// question's activity, in order, retried on
/// 429/412/5xx (<see cref="BotFrameworkDelivery"/>). 401 (after one token renewal), 403, 404 and other 4xx are
/// permanent: the hub moves the reply to chat.dlq with the reason.
/// </summary>
internal sealed class BotFrameworkSender : IChannelSender
{
    private readonly BotFrameworkDelivery _delivery;
    private readonly BotFrameworkReplyTracker _replies;
    private readonly BotFrameworkTypingIndicator _typing;
    private readonly BotFrameworkConversations _conversations;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<BotFrameworkSender> _logger;

    public BotFrameworkSender(
        BotFrameworkDelivery delivery,
        BotFrameworkReplyTracker replies,
        BotFrameworkTypingIndicator typing,
        BotFrameworkConversations conversations,
        ServiceUrlPolicy serviceUrls,
        IOptions<BotFrameworkOptions> options,
        ILogger<BotFrameworkSender> logger)
    {
        _delivery = delivery;
        _replies = replies;
        _typing = typing;
        _conversations = conversations;
        _serviceUrls = serviceUrls;
        _options = options.Value;
        _logger = logger;
    }

    public string Channel => ChannelNames.Teams;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Kind == OutboundKind.Partial)
        {
            return SendResult.Sent; // final replies only; typing keeps running meanwhile
        }

        var result = await SendCoreAsync(message, cancellationToken);
        if (message.Kind == OutboundKind.Final && result.Status != SendStatus.Sent)
        {
            BotFrameworkLog.SendFailed(_logger, message.Id, result.Status, result.Reason);
        }

        return result;
    }

    private async ValueTask<SendResult> SendCoreAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind == OutboundKind.Final)
        {
            _typing.Stop(message.Id);
        }

        // A reply to a question carries its service URL; anything else uses the one stored with the conversation,
        // which is re-checked below against the allow-list in force now, as every service URL is.
        var stored = BotFrameworkTarget.CarriesServiceUrl(message) ? null : await _conversations.GetAsync(message.Conversation, cancellationToken);
        if (!BotFrameworkTarget.TryCreate(message, stored, out var target))
        {
            return SendResult.Permanent($"no service URL is known for conversation '{message.Conversation.ChatId}'");
        }

        if (_serviceUrls.Check(target.ServiceUrl) is { } refused)
        {
            return SendResult.Permanent(stored is null
                ? refused
                : $"the service URL stored for conversation '{message.Conversation.ChatId}' is no longer allowed (stored before the allow-list changed): {refused}");
        }

        return message.Kind == OutboundKind.Typing
            ? await _typing.StartAsync(message.Id, target, cancellationToken)
            : await SendFinalAsync(message, target, cancellationToken);
    }

    private async ValueTask<SendResult> SendFinalAsync(OutboundMessage message, BotFrameworkTarget target, CancellationToken cancellationToken)
    {
        var parts = PartsOf(message, _options.MaxMessageBytes);
        if (parts.Count == 0)
        {
            return SendResult.Permanent("the reply is empty");
        }

        var state = _replies.Get(message.Id);
        if (state.Completed)
        {
            return SendResult.Sent; // delivered before (bus redelivery)
        }

        for (var i = state.PartsSent; i < parts.Count; i++)
        {
            var last = i == parts.Count - 1; // suggestions and links under the last part, where the answer ends
            var posted = await _delivery.PostAsync(
                target, OutboundActivity.MarkdownMessage(parts[i], target.ReplyToId, last ? message.Suggestions : null, last ? message.Links : null), cancellationToken);
            if (posted.Error is { } error)
            {
                // Progress so far is kept: the bus's retry of a transient failure continues with this part.
                return error.IsTransient ? SendResult.Transient($"teams {error}") : SendResult.Permanent($"teams {error}");
            }

            state.PartsSent = i + 1;
        }

        state.Completed = true;
        return SendResult.Sent;
    }

    /// <summary>
    /// The messages for <paramref name="message"/>: one when its Markdown fits in <paramref name="maxBytes"/>, else split
    /// by <see cref="MarkupSplitter"/> at as many UTF-16 units as the text's bytes per unit allow, fewer until every
    /// part fits.
    /// </summary>
    internal static IReadOnlyList<string> PartsOf(OutboundMessage message, int maxBytes)
    {
        var markup = new TeamsMarkdownWriter().Write(FormattedText.Of(message));
        var bytes = Encoding.UTF8.GetByteCount(markup.Text);
        if (bytes <= maxBytes)
        {
            return markup.Text.Length == 0 ? [] : [markup.Text];
        }

        var units = (int)((long)maxBytes * markup.Text.Length / bytes);
        while (true)
        {
            var parts = MarkupSplitter.Split(markup, Math.Max(units, maxBytes / 3));
            if (units <= maxBytes / 3 || parts.All(p => Encoding.UTF8.GetByteCount(p) <= maxBytes))
            {
                return parts; // at most 3 UTF-8 bytes per UTF-16 unit: maxBytes / 3 units always fit
            }

            units -= Math.Max(1, units / 10);
        }
    }
}
