using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>Maps REST errors to the hub's <see cref="SendResult"/>.</summary>
internal static class DiscordSendResults
{
    /// <summary>
    /// 5xx, timeouts, network and rate limits beyond the wait budget are transient (the bus retries); 400, 401, 403
    /// and 404 are permanent: the final reply goes to chat.dlq with Discord's reason ("403 Missing Access (50001)").
    /// </summary>
    public static SendResult From(DiscordError? error) => error switch
    {
        null => SendResult.Sent,
        { IsTransient: true } => SendResult.Transient($"discord {error}"),
        _ => SendResult.Permanent($"discord {error}"),
    };
}
