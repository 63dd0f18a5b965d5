using System.Globalization;
using ChatHub.Adapters.Telegram.Api;
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
        int? replyTo = int.TryParse(message.ReplyToPlatformMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var replyId) ? replyId : null;
        var isChannel = message.Properties?.GetValueOrDefault(TelegramProperties.ChatType) == ChatTypes.Channel;
        target = new TelegramTarget(chatId, threadId, replyTo, isChannel);
        return true;
    }
}
