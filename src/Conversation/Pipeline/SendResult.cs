namespace ChatHub.Conversation.Pipeline;

public enum SendStatus
{
    Sent = 0,

    /// <summary>Worth retrying later (timeouts, 5xx after the adapter's own retries).</summary>
    Transient = 1,

    /// <summary>Will never succeed (bot blocked, chat gone): the message goes to chat.dlq with the reason.</summary>
    Permanent = 2,
}

/// <summary>The outcome of a send, as a value (style: errors as values, like YARP's ForwarderError).</summary>
public readonly record struct SendResult(SendStatus Status, string? Reason = null)
{
    public static SendResult Sent { get; } = new(SendStatus.Sent);

    public static SendResult Transient(string reason) => new(SendStatus.Transient, reason);

    public static SendResult Permanent(string reason) => new(SendStatus.Permanent, reason);
}
