namespace ChatHub.Conversation.Messages;

/// <summary>Which engine produced a reply. Same strings as ChatHub.Inference's ReplySources.</summary>
public static class ReplySource
{
    public const string Cache = "cache";
    public const string Knowledge = "knowledge";
    public const string Model = "model";
    public const string System = "system";

    /// <summary>The key under which inference clients put the source in a response's AdditionalProperties.</summary>
    public const string PropertyKey = "chathub.source";

    /// <summary>The key that marks a streaming update as a notice to the person, not reply text (ChatHub.Inference's ChatHubResponseProperties.NoticeKey).</summary>
    public const string NoticeKey = "chathub.notice";

    /// <summary>
    /// The key under which the model stage asks for a human (its <c>handoff</c> tool; the value is its reason; ChatHub.Inference's
    /// ChatHubResponseProperties.HandoffKey).
    /// </summary>
    public const string HandoffKey = "chathub.handoff";
}
