namespace ChatHub.Conversation.Sessions;

/// <summary>One turn of a conversation: who spoke (<see cref="SessionRoles"/>), what, when and where.</summary>
public sealed record SessionTurn(string Role, string Text, DateTimeOffset At, string Channel)
{
    /// <summary>The inbound message id of a user turn, so a redelivered message is not appended twice.</summary>
    public string? MessageId { get; init; }
}
