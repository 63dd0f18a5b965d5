using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// Maps an <c>event_callback</c> to the hub's <see cref="InboundMessage"/> (or says why it is ignored).
/// <list type="bullet">
/// <item>Answered: <c>app_mention</c> (a channel message naming the bot; Bulk priority) and <c>message</c> with
/// <c>channel_type</c> <c>im</c> (a direct message; Interactive).</item>
/// <item>Ignored: other events, messages in channels (the mention arrives as <c>app_mention</c>), any <c>subtype</c>
/// (<c>bot_message</c>, <c>message_changed</c>, <c>message_deleted</c>, joins…), anything with a <c>bot_id</c>, the
/// bot's own user, events without a channel, ts, user or text, and events of another workspace than the bot token's
/// (its replies could not reach them).</item>
/// <item>Threads are conversations: <c>("slack", team_id, channel, thread)</c>, the thread being the event's
/// <c>thread_ts</c>, or for a mention outside a thread its own <c>ts</c> (the reply starts the thread, and the next
/// mention there continues the conversation). A DM outside a thread is the DM itself.</item>
/// <item>The platform message id is the message's <c>ts</c> (unique in its channel): a retried event, whatever its
/// <c>X-Slack-Retry-Num</c>, has the same one and is de-duplicated by the publisher.</item>
/// <item>The bot's mention (<c>&lt;@U…&gt;</c>) is removed from the text, and Slack's escapes (<c>&amp;amp;</c>,
/// <c>&amp;lt;</c>, <c>&amp;gt;</c>) are decoded.</item>
/// </list>
/// </summary>
internal sealed class SlackEventMapper
{
    private readonly SlackBotIdentity _identity;

    public SlackEventMapper(SlackBotIdentity identity) => _identity = identity;

    public SlackMappedEvent Map(SlackEnvelope envelope, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var botUserId = _identity.UserId ?? throw new InvalidOperationException("The Slack bot's identity is not known before auth.test.");
        if (envelope.Event is not { } element || SlackEvent.Read(element) is not { } e)
        {
            return SlackMappedEvent.Ignored("no event");
        }

        var isMention = e.Type == "app_mention";
        var isDirect = e.Type == "message" && e.ChannelType == "im";
        if (!isMention && !isDirect)
        {
            return SlackMappedEvent.Ignored(e.Type == "message" ? $"a {e.ChannelType ?? "channel"} message that does not mention the bot" : $"event type {e.Type}");
        }

        if (e.Subtype is not null)
        {
            return SlackMappedEvent.Ignored($"message subtype {e.Subtype}");
        }

        if (e.BotId is not null || e.User == botUserId)
        {
            return SlackMappedEvent.Ignored("sent by a bot");
        }

        if (!IsId(envelope.TeamId) || !IsId(e.Channel) || !IsId(e.User) || !IsTs(e.Ts) || (e.ThreadTs is not null && !IsTs(e.ThreadTs)))
        {
            return SlackMappedEvent.Ignored("malformed: team_id, channel, user, ts or thread_ts missing or not an id");
        }

        if (envelope.TeamId != _identity.TeamId)
        {
            return SlackMappedEvent.Ignored("an event of another workspace than the bot token's");
        }

        if (string.IsNullOrWhiteSpace(e.Text))
        {
            return SlackMappedEvent.Ignored("no text");
        }

        var thread = e.ThreadTs ?? (isMention ? e.Ts : null);
        var conversation = new ConversationRef(ChannelNames.Slack, envelope.TeamId!, e.Channel!, thread);
        return new SlackMappedEvent(new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, e.Ts!),
            PlatformMessageId = e.Ts!,
            Conversation = conversation,
            From = new Sender(e.User!),
            Text = SlackText.FromSlack(e.Text, botUserId),
            ReceivedAt = receivedAt,
            Priority = isDirect ? MessagePriority.Interactive : MessagePriority.Bulk,
            IsDirect = isDirect,
        }, null);
    }

    /// <summary>
    /// Maps a button press to the person's message: the text is the label of the button on the pressed message whose
    /// <c>action_id</c> is the action's, never the action's value; in the message's conversation (its thread, or the
    /// DM). Refused: a press on a message the bot did not post, or of a button that is not on it.
    /// </summary>
    public SlackMappedEvent MapPress(SlackBlockAction press, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(press);
        var botUserId = _identity.UserId ?? throw new InvalidOperationException("The Slack bot's identity is not known before auth.test.");
        if (!IsId(press.TeamId) || !IsId(press.ChannelId) || !IsId(press.UserId) || !IsTs(press.ActionTs) || !IsTs(press.MessageTs)
            || (press.ThreadTs is not null && !IsTs(press.ThreadTs)))
        {
            return SlackMappedEvent.Ignored("malformed: team, channel, user, action_ts or message ts missing or not an id");
        }

        if (press.TeamId != _identity.TeamId)
        {
            return SlackMappedEvent.Ignored("a press in another workspace than the bot token's");
        }

        if (press.UserId == botUserId)
        {
            return SlackMappedEvent.Ignored("pressed by the bot");
        }

        if (press.MessageUser != botUserId && (press.MessageBotId is null || press.MessageBotId != _identity.BotId))
        {
            return SlackMappedEvent.RefusedPress("a button on a message the bot did not post");
        }

        if (press.ActionId is { Length: > 0 } && press.LinkActionIds.Contains(press.ActionId))
        {
            return SlackMappedEvent.Ignored("a link button (Slack opened its address)");
        }

        var label = press.Buttons.FirstOrDefault(b => press.ActionId is { Length: > 0 } && b.ActionId == press.ActionId).Label;
        if (string.IsNullOrWhiteSpace(label))
        {
            return SlackMappedEvent.RefusedPress("a button that is not on its message");
        }

        var isDirect = press.ChannelId!.StartsWith('D');
        var conversation = new ConversationRef(ChannelNames.Slack, press.TeamId!, press.ChannelId, press.ThreadTs);
        var platformId = "ba:" + press.ActionTs;
        return new SlackMappedEvent(new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, platformId),
            PlatformMessageId = platformId,
            Conversation = conversation,
            From = new Sender(press.UserId!),
            Text = label,
            ReceivedAt = receivedAt,
            ReplyToPlatformMessageId = press.MessageTs,
            Priority = isDirect ? MessagePriority.Interactive : MessagePriority.Bulk,
            IsDirect = isDirect,
        }, null);
    }

    /// <summary>Slack ids: team, channel, user (<c>T…</c>, <c>C…</c>, <c>D…</c>, <c>U…</c>, <c>W…</c>): upper-case letters and digits.</summary>
    internal static bool IsId(string? id) => id is { Length: >= 2 and <= 32 } && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    /// <summary>A message timestamp: <c>1515449522.000016</c>.</summary>
    internal static bool IsTs(string? ts)
    {
        if (ts is not { Length: >= 3 and <= 32 })
        {
            return false;
        }

        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < ts.Length - 1 && ts.AsSpan(0, dot).ContainsAnyExceptInRange('0', '9') is false
            && ts.AsSpan(dot + 1).ContainsAnyExceptInRange('0', '9') is false;
    }
}
