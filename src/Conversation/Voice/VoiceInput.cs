namespace ChatHub.Conversation.Voice;

/// <summary>
/// The voice message of one message as the worker hands it on: the transcript (answered as if typed), or a sentence
/// for the person about why it was not heard. Both null: the message had no voice.
/// </summary>
public sealed record VoiceInput(string? Transcript, string? Refusal)
{
    public static VoiceInput None { get; } = new(null, null);
}
