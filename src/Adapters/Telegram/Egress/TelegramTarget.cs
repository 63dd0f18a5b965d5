using System.Globalization;
using ChatHub.Adapters.Telegram.BotApi;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>Where an outbound message goes on Telegram, read from its conversation and properties.</summary>
/// <remarks>Message and thread ids are 32-bit in the Bot API (and in Telegram.Bot); a larger one is not a Telegram id.</remarks>
internal readonly record struct TelegramTarget(long ChatId, int? ThreadId, int? ReplyTo, bool IsChannel)
{
    public static bool TryCreate(OutboundMessage message, out TelegramTarget target)
    {
        target = default;
        if (!long.TryParse(message.Conversation.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return false;
        }

        int? threadId = int.TryParse(message.Conversation.ThreadId, NumberStyles.None, CultureInfo.InvariantCulture, out var thread) ? thread : null;
        var properties = message.Properties;
        int? replyTo = properties?.GetValueOrDefault(TelegramProperties.ReplyTo) is { } reply
            && int.TryParse(reply, NumberStyles.None, CultureInfo.InvariantCulture, out var replyId)
            ? replyId
            : LeadingNumber(message.ReplyToPlatformMessageId);
        var isChannel = properties?.GetValueOrDefault(TelegramProperties.ChatType) == ChatTypes.Channel;
        target = new TelegramTarget(chatId, threadId, replyTo, isChannel);
        return true;
    }

    /// <summary>"42" and "42:e1700000000" (an edit) both thread to message 42.</summary>
    private static int? LeadingNumber(string? platformId)
    {
        if (platformId is null)
        {
            return null;
        }

        var colon = platformId.IndexOf(':', StringComparison.Ordinal);
        var digits = colon < 0 ? platformId.AsSpan() : platformId.AsSpan(0, colon);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
