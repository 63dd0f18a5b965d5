namespace ChatHub.LoadGen.Workload;

/// <summary>
/// A simulated person's conversation: a private Telegram chat (or a web-chat client) with a few turns left. Its next
/// turn is only sent after the reply to the previous one arrived, as a person waits for the answer.
/// </summary>
internal sealed class Conversation(long chatId, int turns)
{
    public long ChatId { get; } = chatId;

    public int TurnsLeft { get; set; } = turns;

    public int TurnsTaken { get; set; }

    /// <summary>The web-chat client the conversation runs on (null for Telegram).</summary>
    public object? Client { get; set; }
}
