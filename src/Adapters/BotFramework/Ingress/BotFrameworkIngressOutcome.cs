namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>What happened to one authenticated activity. All but <see cref="Invalid"/> are answered 200.</summary>
internal enum BotFrameworkIngressOutcome
{
    /// <summary>Published to chat.inbound; a reply follows.</summary>
    Accepted = 0,

    /// <summary>This activity id was handled before: the channel redelivered it.</summary>
    Duplicate,

    /// <summary>Nothing to answer.</summary>
    Ignored,

    /// <summary>Not acceptable (empty, too long): an error reply tells the person why.</summary>
    Rejected,

    /// <summary>The bot was added to a conversation: the welcome message is queued.</summary>
    Welcomed,

    /// <summary>The activity lacks what its type requires: 400.</summary>
    Invalid,
}
