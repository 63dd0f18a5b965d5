using System.Text.Json.Nodes;
using ChatHub.Adapters.Slack.Api;
using ChatHub.Adapters.Slack.Ingress;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// Egress to Slack: <c>chat.postMessage</c> in the conversation's channel and thread (<c>thread_ts</c>), plain text
/// escaped by <see cref="SlackMrkdwn"/>. Typing is a no-op (Slack has no typing indicator for Events API bots).
/// Partial replies are shown progressively: posted once, then edited with <c>chat.update</c> at most every
/// <see cref="SlackOptions.MinEditInterval"/>, and only when the budget allows right now (skipped otherwise: the final
/// catches up). The final reply always goes out complete: edits of the shown parts, new messages for the rest, each
/// waiting for budget and retried (<see cref="SlackDelivery"/>). A rate limit beyond the wait budget, 5xx and timeouts
/// are transient (the bus retries, and the reply continues where it stopped); <c>channel_not_found</c>,
/// <c>not_in_channel</c>, <c>invalid_auth</c> and the other <c>ok:false</c> errors are permanent: the reply is
/// dead-lettered with Slack's error code.
/// </summary>
internal sealed class SlackSender : IChannelSender
{
    private readonly SlackWebApiClient _client;
    private readonly SlackDelivery _delivery;
    private readonly SlackReplyTracker _replies;
    private readonly SlackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackSender> _logger;

    public SlackSender(
        SlackWebApiClient client, SlackDelivery delivery, SlackReplyTracker replies, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackSender> logger)
    {
        _client = client;
        _delivery = delivery;
        _replies = replies;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public string Channel => ChannelNames.Slack;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var conversation = message.Conversation;
        if (!SlackEventMapper.IsId(conversation.ChatId) || (conversation.ThreadId is { } thread && !SlackEventMapper.IsTs(thread)))
        {
            return SendResult.Permanent($"'{conversation.ChatId}' is not a Slack channel id, or '{conversation.ThreadId}' not a thread ts");
        }

        switch (message.Kind)
        {
            case OutboundKind.Typing:
                return SendResult.Sent; // Slack shows no typing indicator for a bot posting through the Web API
            case OutboundKind.Partial:
                return await ShowPartialAsync(message, cancellationToken);
            default:
                var result = await SendFinalAsync(message, cancellationToken);
                if (result.Status != SendStatus.Sent)
                {
                    SlackLog.SendFailed(_logger, message.Id, result.Status, result.Reason);
                }

                return result;
        }
    }

    private async ValueTask<SendResult> SendFinalAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var parts = SlackMrkdwn.PartsOf(message);
        if (parts.Count == 0)
        {
            return SendResult.Permanent("the reply is empty");
        }

        var state = _replies.Get(message.Id);
        if (state.Completed)
        {
            return SendResult.Sent; // delivered before (bus redelivery)
        }

        var channel = message.Conversation.ChatId;
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var blocks = i == parts.Count - 1 && SlackMrkdwn.HasButtons(message) ? SlackMrkdwn.Blocks(text, message.Suggestions, message.Links) : null;
            if (i < state.Parts.Count)
            {
                var shown = state.Parts[i];
                if (shown.Text == text && blocks is null)
                {
                    continue;
                }

                var edit = await _delivery.RunAsync(SlackRateLimiter.Update, channel, ct => _client.UpdateMessageAsync(Update(channel, shown.Ts, text, blocks), ct), cancellationToken);
                if (edit.Error is null)
                {
                    shown.Text = text;
                    continue;
                }

                if (edit.Error.Description is not ("message_not_found" or "cant_update_message" or "edit_window_closed"))
                {
                    return From(edit.Error);
                }

                // The shown message is gone or can no longer be edited: post the rest as new messages.
                state.Parts.RemoveRange(i, state.Parts.Count - i);
            }

            var posted = await _delivery.RunAsync(SlackRateLimiter.PostMessage, channel, ct => _client.PostMessageAsync(Post(message, text, blocks), ct), cancellationToken);
            if (posted.Error is not null)
            {
                return From(posted.Error); // progress so far is kept for the bus retry
            }

            state.Parts.Add(new SlackReplyState.SentPart(posted.Value!.Ts ?? "", text));
        }

        state.Completed = true;
        return SendResult.Sent;
    }

    /// <summary>Best effort, never waits: shows as much of the text as the budgets allow now.</summary>
    private async ValueTask<SendResult> ShowPartialAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var state = _replies.Get(message.Id);
        if (state.Completed || (state.Parts.Count > 0 && _time.GetElapsedTime(state.LastShownAt) < _options.MinEditInterval))
        {
            return SendResult.Sent; // late, or throttled: the final carries the whole text
        }

        var channel = message.Conversation.ChatId;
        var parts = SlackMrkdwn.PartsOf(message);
        for (var i = 0; i < parts.Count; i++)
        {
            var text = parts[i];
            var existing = i < state.Parts.Count ? state.Parts[i] : null;
            if (existing?.Text == text)
            {
                continue;
            }

            if (existing is not null)
            {
                var edit = await _delivery.TryNowAsync(SlackRateLimiter.Update, channel, ct => _client.UpdateMessageAsync(Update(channel, existing.Ts, text), ct), cancellationToken);
                if (edit.Error is not null)
                {
                    return edit.Error.Local ? SendResult.Sent : From(edit.Error);
                }

                state.LastShownAt = _time.GetTimestamp();
                existing.Text = text;
                continue;
            }

            var posted = await _delivery.TryNowAsync(SlackRateLimiter.PostMessage, channel, ct => _client.PostMessageAsync(Post(message, text), ct), cancellationToken);
            if (posted.Error is not null)
            {
                return posted.Error.Local ? SendResult.Sent : From(posted.Error);
            }

            state.LastShownAt = _time.GetTimestamp();
            state.Parts.Add(new SlackReplyState.SentPart(posted.Value!.Ts ?? "", text));
        }

        return SendResult.Sent;
    }

    private static PostMessageRequest Post(OutboundMessage message, string text, JsonArray? blocks = null) =>
        new() { Channel = message.Conversation.ChatId, Text = text, ThreadTs = message.Conversation.ThreadId, Blocks = blocks };

    private static UpdateMessageRequest Update(string channel, string ts, string text, JsonArray? blocks = null) =>
        new() { Channel = channel, Ts = ts, Text = text, Blocks = blocks };

    /// <summary>Transient errors for the bus to retry; the rest permanent, to chat.dlq with Slack's error code.</summary>
    internal static SendResult From(SlackError error) =>
        error.IsTransient ? SendResult.Transient($"slack {error}") : SendResult.Permanent($"slack {error}");
}
