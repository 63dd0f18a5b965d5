namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>What happened to one update. Every outcome is acknowledged to Telegram (200 / offset confirmed).</summary>
internal enum TelegramIngressOutcome
{
    /// <summary>Published to chat.inbound; a reply follows.</summary>
    Accepted = 0,

    /// <summary>This update_id (or platform message) was handled before: Telegram redelivered it.</summary>
    Duplicate,

    /// <summary>Nothing to answer (see the mapper's reasons).</summary>
    Ignored,

    /// <summary>Not acceptable (empty, too long): an error reply tells the person why.</summary>
    Rejected,
}
