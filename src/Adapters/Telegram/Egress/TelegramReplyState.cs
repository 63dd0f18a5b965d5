using ChatHub.Adapters.Abstractions.Egress;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>What the chat shows of one reply (<see cref="EditableReplyState{TPart}"/>): its parts' Telegram messages.</summary>
internal sealed class TelegramReplyState : EditableReplyState<TelegramReplyState.SentPart>
{
    internal sealed class SentPart(long chatId, int messageId, string text)
    {
        public long ChatId { get; } = chatId;

        public int MessageId { get; } = messageId;

        public string Text { get; set; } = text;
    }
}
