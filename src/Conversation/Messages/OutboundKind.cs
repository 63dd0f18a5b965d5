namespace ChatHub.Conversation.Messages;

public enum OutboundKind
{
    /// <summary>The bot is working on a reply; adapters show a typing indicator.</summary>
    Typing = 0,

    /// <summary>The reply so far (the whole text, not a delta); adapters may show it progressively.</summary>
    Partial = 1,

    /// <summary>The complete reply.</summary>
    Final = 2,

    /// <summary>
    /// A short message of its own before the reply (e.g. the person's place in the queue), with its own id; best
    /// effort like typing and partials. Adapters send it as a complete message (their default for kinds they do not
    /// special-case); it is not part of the reply and never completes a reply waiter.
    /// </summary>
    Notice = 3,
}
