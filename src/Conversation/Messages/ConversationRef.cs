namespace ChatHub.Conversation.Messages;

/// <summary>
/// The address to reply to, and the bus partition key: one conversation is handled in order,
/// different conversations in parallel.
/// </summary>
/// <param name="Channel">The adapter's channel name, e.g. <see cref="ChannelNames.Telegram"/>.</param>
/// <param name="BotId">The bot's own id on that channel (several bots may share one hub).</param>
/// <param name="ChatId">The chat, channel or conversation id on the platform.</param>
/// <param name="ThreadId">An optional thread or forum topic inside the chat.</param>
public sealed record ConversationRef(string Channel, string BotId, string ChatId, string? ThreadId = null)
{
    /// <summary>The partition key: stable, unique per conversation.</summary>
    public string Key => ThreadId is null ? $"{Channel}:{BotId}:{ChatId}" : $"{Channel}:{BotId}:{ChatId}:{ThreadId}";

    public override string ToString() => Key;
}
