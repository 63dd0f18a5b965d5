namespace ChatHub.Adapters.WhatsApp.Ingress;

/// <summary>What happened to one message of a notification. Every outcome is acknowledged to WhatsApp (200).</summary>
internal enum WhatsAppIngressOutcome
{
    /// <summary>Published to chat.inbound; a reply follows.</summary>
    Accepted = 0,

    /// <summary>This message id was handled before: WhatsApp delivered it again (or a notification was replayed).</summary>
    Duplicate,

    /// <summary>Nothing to answer: not text (rich messages are not read yet), a group, another number, too old.</summary>
    Ignored,

    /// <summary>Not acceptable (too long): an error reply tells the person why.</summary>
    Rejected,
}
