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
    // Key is composed once, when the reference is made, and again only when a `with` changes a part: it is read on
    // every publish, lease and store call of the message's path.
    public string Channel { get; init { field = value; _key = Compose(); } } = Channel;

    public string BotId { get; init { field = value; _key = Compose(); } } = BotId;

    public string ChatId { get; init { field = value; _key = Compose(); } } = ChatId;

    public string? ThreadId { get; init { field = value; _key = Compose(); } } = ThreadId;

    private string _key = Compose(Channel, BotId, ChatId, ThreadId);

    /// <summary>The partition key: stable, unique per conversation.</summary>
    public string Key => _key;

    public override string ToString() => _key;

    private string Compose() => Compose(Channel, BotId, ChatId, ThreadId);

    private static string Compose(string channel, string botId, string chatId, string? threadId) =>
        threadId is null ? $"{channel}:{botId}:{chatId}" : $"{channel}:{botId}:{chatId}:{threadId}";
}
