using ChatHub.Adapters.Abstractions.Egress;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>What the channel shows of one reply (<see cref="EditableReplyState{TPart}"/>): its parts' Slack messages (<c>ts</c>).</summary>
internal sealed class SlackReplyState : EditableReplyState<SlackReplyState.SentPart>
{
    internal sealed class SentPart(string ts, string text)
    {
        public string Ts { get; } = ts;

        public string Text { get; set; } = text;
    }
}
