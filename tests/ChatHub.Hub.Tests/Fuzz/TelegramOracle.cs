using System.Globalization;
using System.Text.Json;
using ChatHub.Conversation.Messages;

namespace ChatHub.Hub.Tests.Fuzz;

/// <summary>
/// The Bot API's Update, as far as the hub reads it (core.telegram.org/bots/api#update), in Telegram.Bot's types
/// (ids of updates, messages and threads are 32-bit; flags are non-nullable bools; dates are Unix seconds a DateTime
/// holds); required are the members the hub cannot do without (an update that lacks others, e.g. an old sample
/// without <c>from.is_bot</c>, is taken), and what may be published from one.
/// </summary>
public static class TelegramOracle
{
    public const int MaxDepth = 64;

    private static readonly ObjectShape User = new ObjectShape()
        .Member("id", JsonShape.Integer64, required: true, nullable: false)
        .Member("is_bot", JsonShape.Bool, nullable: false)
        .Member("first_name", JsonShape.Text, nullable: false)
        .Member("last_name", JsonShape.Text)
        .Member("username", JsonShape.Text)
        .Member("language_code", JsonShape.Text);

    private static readonly ObjectShape Chat = new ObjectShape()
        .Member("id", JsonShape.Integer64, required: true, nullable: false)
        .Member("type", JsonShape.Text, required: true, nullable: false)
        .Member("title", JsonShape.Text)
        .Member("username", JsonShape.Text)
        .Member("first_name", JsonShape.Text)
        .Member("last_name", JsonShape.Text)
        .Member("is_forum", JsonShape.Bool, nullable: false);

    private static readonly ObjectShape Entity = new ObjectShape()
        .Member("type", JsonShape.Text, required: true, nullable: false)
        .Member("offset", JsonShape.Integer32, required: true, nullable: false)
        .Member("length", JsonShape.Integer32, required: true, nullable: false)
        .Member("user", User);

    private static readonly ObjectShape Button = new ObjectShape()
        .Member("text", JsonShape.Text, required: true, nullable: false)
        .Member("callback_data", JsonShape.Text);

    private static readonly ObjectShape Keyboard = new ObjectShape()
        .Member("inline_keyboard", new ArrayShape(new ArrayShape(Button)), required: true, nullable: false);

    private static readonly ObjectShape PhotoSize = new ObjectShape()
        .Member("file_id", JsonShape.Text, nullable: false)
        .Member("file_unique_id", JsonShape.Text, nullable: false)
        .Member("width", JsonShape.Integer32, nullable: false)
        .Member("height", JsonShape.Integer32, nullable: false)
        .Member("file_size", JsonShape.Integer64);

    private static readonly ObjectShape VoiceFile = new ObjectShape()
        .Member("file_id", JsonShape.Text, nullable: false)
        .Member("file_unique_id", JsonShape.Text, nullable: false)
        .Member("duration", JsonShape.Integer32, nullable: false)
        .Member("mime_type", JsonShape.Text)
        .Member("file_size", JsonShape.Integer64);

    private static readonly ObjectShape Message = BuildMessage();

    private static readonly ObjectShape CallbackQuery = new ObjectShape()
        .Member("id", JsonShape.Text, required: true, nullable: false)
        .Member("from", User, required: true, nullable: false)
        .Member("message", Message)
        .Member("inline_message_id", JsonShape.Text)
        .Member("chat_instance", JsonShape.Text, nullable: false)
        .Member("data", JsonShape.Text);

    public static readonly ObjectShape Update = new ObjectShape()
        .Member("update_id", JsonShape.Integer32, required: true, nullable: false)
        .Member("message", Message)
        .Member("edited_message", Message)
        .Member("channel_post", Message)
        .Member("edited_channel_post", Message)
        .Member("callback_query", CallbackQuery);

    /// <summary>
    /// Null when <paramref name="published"/> could legitimately come from <paramref name="update"/>, else why not:
    /// it must come from the payload the hub reads first (callback_query, message, edited_message, channel_post,
    /// edited_channel_post), that payload must have text (a caption, a button's data), a photo or a voice note, not be from a bot, and the
    /// conversation and priority must be the payload's chat (private → Interactive, everything else → Bulk).
    /// </summary>
    public static string? WhyNotPublishable(JsonElement update, InboundMessage published)
    {
        JsonElement message;
        if (JsonShape.TryGetLast(update, "callback_query", false, out var query) && query.ValueKind == JsonValueKind.Object)
        {
            if (!JsonShape.TryGetLast(query, "message", false, out message) || message.ValueKind != JsonValueKind.Object)
            {
                return "a callback query without a message was published";
            }

            if (!JsonShape.TryGetLast(query, "data", false, out var data) || !JsonShape.TryGetString(data, out var value) || string.IsNullOrEmpty(value))
            {
                return "a callback query without data was published";
            }
        }
        else
        {
            message = default;
            foreach (var field in (string[])["message", "edited_message", "channel_post", "edited_channel_post"])
            {
                if (JsonShape.TryGetLast(update, field, false, out var candidate) && candidate.ValueKind == JsonValueKind.Object)
                {
                    message = candidate;
                    break;
                }
            }

            if (message.ValueKind != JsonValueKind.Object)
            {
                return "an update without a handled payload was published";
            }

            var hasText = (JsonShape.TryGetLast(message, "text", false, out var text) && text.ValueKind == JsonValueKind.String)
                || (JsonShape.TryGetLast(message, "caption", false, out var caption) && caption.ValueKind == JsonValueKind.String);
            var hasPhoto = JsonShape.TryGetLast(message, "photo", false, out var photo) && photo.ValueKind == JsonValueKind.Array
                && photo.EnumerateArray().Any(size => size.ValueKind == JsonValueKind.Object && JsonShape.TryGetLast(size, "file_id", false, out var fileId)
                    && JsonShape.TryGetString(fileId, out var id) && !string.IsNullOrEmpty(id));
            if (!hasText && !hasPhoto && !HasVoice(message))
            {
                return "a message without text, caption, photo or voice note was published";
            }

            if (JsonShape.TryGetLast(message, "from", false, out var from) && JsonShape.TryGetLast(from, "is_bot", false, out var isBot) && isBot.ValueKind == JsonValueKind.True)
            {
                return "a bot's message was published";
            }
        }

        if (!JsonShape.TryGetLast(message, "chat", false, out var chat) || !JsonShape.TryGetLast(chat, "id", false, out var id) || !id.TryGetInt64(out var chatId)
            || !JsonShape.TryGetLast(chat, "type", false, out var type) || !JsonShape.TryGetString(type, out var chatType))
        {
            return "a message without a readable chat was published";
        }

        if (published.Conversation.ChatId != chatId.ToString(CultureInfo.InvariantCulture))
        {
            return $"published to chat {published.Conversation.ChatId}, the update's chat is {chatId}";
        }

        var priority = chatType == "private" ? MessagePriority.Interactive : MessagePriority.Bulk;
        return published.Priority == priority ? null : $"a {chatType} chat's message was published with priority {published.Priority}";
    }

    private static ObjectShape BuildMessage()
    {
        var message = new ObjectShape();
        return message
            .Member("message_id", JsonShape.Integer32, required: true, nullable: false)
            .Member("message_thread_id", JsonShape.Integer32)
            .Member("is_topic_message", JsonShape.Bool, nullable: false)
            .Member("from", User)
            .Member("sender_chat", Chat)
            .Member("chat", Chat, required: true, nullable: false)
            .Member("edit_date", JsonShape.UnixTime)
            .Member("text", JsonShape.Text)
            .Member("entities", new ArrayShape(Entity))
            .Member("caption", JsonShape.Text)
            .Member("caption_entities", new ArrayShape(Entity))
            .Member("reply_to_message", () => message)
            .Member("reply_markup", Keyboard)
            .Member("photo", new ArrayShape(PhotoSize))
            .Member("voice", VoiceFile)
            .Member("audio", VoiceFile);
    }

    /// <summary>A voice note (<c>voice</c>), or an Ogg or Opus audio file, with a file id.</summary>
    private static bool HasVoice(JsonElement message)
    {
        if (FileId(message, "voice"))
        {
            return true;
        }

        return FileId(message, "audio") && JsonShape.TryGetLast(message, "audio", false, out var audio)
            && JsonShape.TryGetLast(audio, "mime_type", false, out var mime) && JsonShape.TryGetString(mime, out var type) && type is not null
            && (type.StartsWith("audio/ogg", StringComparison.OrdinalIgnoreCase) || type.StartsWith("audio/opus", StringComparison.OrdinalIgnoreCase));

        static bool FileId(JsonElement message, string field) =>
            JsonShape.TryGetLast(message, field, false, out var file) && file.ValueKind == JsonValueKind.Object
            && JsonShape.TryGetLast(file, "file_id", false, out var id) && JsonShape.TryGetString(id, out var value) && !string.IsNullOrEmpty(value);
    }
}
