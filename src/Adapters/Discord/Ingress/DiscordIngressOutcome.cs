namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>What happened to one MESSAGE_CREATE.</summary>
internal enum DiscordIngressOutcome
{
    /// <summary>Published to chat.inbound; a reply follows.</summary>
    Accepted = 0,

    /// <summary>This message id was handled before (the gateway replayed it after a resume).</summary>
    Duplicate,

    /// <summary>Nothing to answer (see the mapper's reasons).</summary>
    Ignored,

    /// <summary>Not acceptable (empty, too long): an error reply tells the person why.</summary>
    Rejected,
}
