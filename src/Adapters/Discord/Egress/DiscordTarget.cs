using System.Globalization;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>Where an outbound message goes on Discord: the channel (a DM channel or a server channel or thread), and the message it answers.</summary>
internal readonly record struct DiscordTarget(string ChannelId, string? ReplyTo, string? GuildId)
{
    public static bool TryCreate(OutboundMessage message, out DiscordTarget target)
    {
        target = default;
        if (!IsSnowflake(message.Conversation.ChatId))
        {
            return false;
        }

        var replyTo = IsSnowflake(message.ReplyToPlatformMessageId) ? message.ReplyToPlatformMessageId : null;
        target = new DiscordTarget(message.Conversation.ChatId, replyTo, message.Properties?.GetValueOrDefault(DiscordProperties.GuildId));
        return true;
    }

    /// <summary>Discord ids: unsigned 64-bit integers, sent as strings.</summary>
    public static bool IsSnowflake(string? id) =>
        id is { Length: > 0 and <= 20 } && ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
}
