namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// Gateway close codes: which end the adapter for good (4004, 4010–4014: configuration errors a reconnect cannot
/// fix), which need a new session (4007, 4009), and their meaning for operators. Every other code, and a silent
/// drop, is resumed.
/// </summary>
internal static class GatewayCloseCodes
{
    /// <summary>What the client closes with to reconnect (op 7, zombie, op 9): any code but 1000/1001 keeps the session resumable.</summary>
    public const int ClientReconnecting = 4900;

    public static bool IsFatal(int? code) => code is 4004 or 4010 or 4011 or 4012 or 4013 or 4014;

    public static bool NeedsNewSession(int? code) => code is 4007 or 4009;

    public static string Describe(int code) => code switch
    {
        1000 or 1001 => "normal closure",
        4000 => "unknown error",
        4001 => "unknown opcode",
        4002 => "decode error",
        4003 => "not authenticated",
        4004 => $"authentication failed: Discord does not accept the token (check {DiscordOptions.SectionName}:Token)",
        4005 => "already authenticated",
        4007 => "invalid sequence on resume",
        4008 => "rate limited (too many gateway sends)",
        4009 => "session timed out",
        4010 => "invalid shard",
        4011 => "sharding required: the bot is in too many servers for one connection",
        4012 => "invalid API version",
        4013 => $"invalid intents: {DiscordOptions.SectionName}:Intents has a value Discord does not know",
        4014 => "disallowed intents: the bot asks for a privileged intent (MESSAGE CONTENT) that is not switched on. Switch it on in the " +
            $"Developer Portal (Bot → Privileged Gateway Intents) or remove it from {DiscordOptions.SectionName}:Intents",
        _ => "closed",
    };
}
