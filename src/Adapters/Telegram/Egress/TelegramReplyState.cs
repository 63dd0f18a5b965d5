namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// What the chat shows of one reply: the Telegram messages of its parts and their current text. A streamed reply
/// is edited in place; a final reply retried after a transient failure continues where it stopped; a final
/// reply delivered twice (bus redelivery) is sent once. Touched by one conversation's egress at a time.
/// </summary>
internal sealed class TelegramReplyState
{
    public List<SentPart> Parts { get; } = [];

    public bool Completed { get; set; }

    /// <summary>Timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last progressive send or edit.</summary>
    public long LastShownAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    internal sealed class SentPart(long chatId, int messageId, string text)
    {
        public long ChatId { get; } = chatId;

        public int MessageId { get; } = messageId;

        public string Text { get; set; } = text;
    }
}
