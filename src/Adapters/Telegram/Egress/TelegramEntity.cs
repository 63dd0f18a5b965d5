using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>One formatting entity of a message: offset and length in UTF-16 code units, as the Bot API counts them.</summary>
internal readonly record struct TelegramEntity(MessageEntityType Type, int Offset, int Length, string? Url = null, string? Language = null)
{
    public int End => Offset + Length;

    public MessageEntity ToMessageEntity() => new() { Type = Type, Offset = Offset, Length = Length, Url = Url, Language = Language };
}
