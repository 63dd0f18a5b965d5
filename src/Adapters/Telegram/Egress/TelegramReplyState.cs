using ChatHub.Adapters.Abstractions.Egress;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>What the chat shows of one reply (<see cref="EditableReplyState{TPart}"/>): its parts' Telegram messages.</summary>
internal sealed class TelegramReplyState : EditableReplyState<TelegramReplyState.SentPart>
{
    /// <summary>The spoken reply after the text is done with: sent, or given up (the reply stays text).</summary>
    public bool Spoken { get; set; }

    internal sealed class SentPart(long chatId, int messageId, TelegramText text)
    {
        public long ChatId { get; } = chatId;

        public int MessageId { get; } = messageId;

        public TelegramText Text { get; set; } = text;
    }
}
