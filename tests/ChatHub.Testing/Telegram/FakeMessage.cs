namespace ChatHub.Testing.Telegram;

/// <summary>A message the bot sent, as the chat now shows it (edits applied).</summary>
public sealed record FakeMessage(long ChatId, long MessageId, string Text, long? ReplyTo, long? ThreadId, int Edits);
