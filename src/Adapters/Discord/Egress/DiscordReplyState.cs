using ChatHub.Adapters.Abstractions.Egress;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>What the channel shows of one reply (<see cref="EditableReplyState{TPart}"/>): its parts' Discord messages.</summary>
internal sealed class DiscordReplyState : EditableReplyState<DiscordReplyState.SentPart>
{
    internal sealed class SentPart(string messageId, string text)
    {
        public string MessageId { get; } = messageId;

        public string Text { get; set; } = text;
    }
}
