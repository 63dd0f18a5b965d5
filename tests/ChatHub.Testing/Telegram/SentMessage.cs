namespace ChatHub.Testing.Telegram;

/// <summary>
/// One sendMessage the fake posted, in arrival order: its chat, the message it answers (<c>reply_parameters.message_id</c>),
/// its text, the id the fake gave it and when it arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).
/// </summary>
public sealed record SentMessage(long ChatId, long? ReplyTo, string Text, long MessageId, long At);
