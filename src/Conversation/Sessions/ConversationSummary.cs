namespace ChatHub.Conversation.Sessions;

/// <summary>
/// The rolling summary of a person's turns that no longer fit the session (<see cref="SessionOptions.MaxTurns"/>),
/// written by the model in the background; <paramref name="UpTo"/> is the time of the last turn folded in.
/// </summary>
public sealed record ConversationSummary(string Text, DateTimeOffset UpTo);
