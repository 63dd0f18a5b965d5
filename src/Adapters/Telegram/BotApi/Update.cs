using System.Text.Json.Serialization;

namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>
/// Telegram's <c>Update</c>: an id and at most one payload. Only the payloads the adapter handles are declared;
/// unknown fields and update types are ignored by the serializer.
/// </summary>
internal sealed record Update
{
    [JsonRequired]
    public long UpdateId { get; init; }

    public Message? Message { get; init; }

    public Message? EditedMessage { get; init; }

    public Message? ChannelPost { get; init; }

    public Message? EditedChannelPost { get; init; }

    public CallbackQuery? CallbackQuery { get; init; }
}
