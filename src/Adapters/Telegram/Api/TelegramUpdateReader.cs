using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Telegram.Bot;
using Telegram.Bot.Serialization;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// How the hub reads a Telegram <see cref="Update"/> (webhook bodies, and each element of a getUpdates batch): the
/// library's types and JSON options (<see cref="JsonBotAPI.Options"/>: snake_case names, its converters), narrowed to
/// what the hub reads and made strict about it:
/// <list type="bullet">
/// <item>only the members the hub reads are bound (<see cref="Bound"/>); every other member, and every other update
/// type, is skipped unparsed. A field the hub does not use can then never turn an update into a 400, which makes
/// Telegram retry it for a day; missing ones do not matter either (an old sample without <c>from.is_bot</c>);</item>
/// <item>the members the hub cannot do without are required (<see cref="Required"/>): a chat without an id would
/// read as chat 0 and be answered there; a message without an id would collide in de-duplication;</item>
/// <item>nullability is respected (<c>"chat": null</c> is malformed, not a null deep in the mapper), a repeated
/// member is malformed (parsers disagree on which value wins), numbers are numbers (no quoted numbers), chat and
/// entity types are strings (an unknown one reads as the enum's default: new entity types appear), depth ≤ 64.</item>
/// </list>
/// A body it cannot read throws <see cref="JsonException"/>, or, from the library's converters, an
/// <see cref="ArgumentException"/> (a date beyond year 9999): <c>TryRead</c> turns both into a reason.
/// </summary>
internal static class TelegramUpdateReader
{
    public const int MaxDepth = 64;

    /// <summary>The JSON members the hub reads, per type.</summary>
    private static readonly Dictionary<Type, string[]> Bound = new()
    {
        [typeof(Update)] = ["update_id", "message", "edited_message", "channel_post", "edited_channel_post", "callback_query"],
        [typeof(Message)] = ["message_id", "message_thread_id", "is_topic_message", "from", "sender_chat", "chat", "edit_date", "text",
            "entities", "caption", "caption_entities", "reply_to_message", "reply_markup", "photo", "voice", "audio"],
        [typeof(PhotoSize)] = ["file_id", "file_unique_id", "width", "height", "file_size"],
        [typeof(Voice)] = ["file_id", "file_unique_id", "duration", "mime_type", "file_size"],
        [typeof(Audio)] = ["file_id", "file_unique_id", "duration", "mime_type", "file_size"],
        [typeof(Chat)] = ["id", "type", "title", "username", "first_name", "last_name", "is_forum"],
        [typeof(User)] = ["id", "is_bot", "first_name", "last_name", "username", "language_code"],
        [typeof(MessageEntity)] = ["type", "offset", "length", "user"],
        [typeof(CallbackQuery)] = ["id", "from", "message", "inline_message_id", "chat_instance", "data"],
        [typeof(InlineKeyboardMarkup)] = ["inline_keyboard"],
        [typeof(InlineKeyboardButton)] = ["text", "callback_data"],
    };

    /// <summary>Of those, the ones that must be present.</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(Update)] = ["update_id"],
        [typeof(Message)] = ["message_id", "chat"],
        [typeof(Chat)] = ["id", "type"],
        [typeof(User)] = ["id"],
        [typeof(MessageEntity)] = ["type", "offset", "length"],
        [typeof(CallbackQuery)] = ["id", "from"],
        [typeof(InlineKeyboardMarkup)] = ["inline_keyboard"],
        [typeof(InlineKeyboardButton)] = ["text"],
    };

    public static readonly JsonTypeInfo<Update> UpdateInfo = Create();

    /// <summary>The update, or null and why not (for a 400's detail and the logs; never the body's text).</summary>
    public static Update? TryRead(ReadOnlySpan<byte> json, out string? reason)
    {
        try
        {
            reason = null;
            var update = JsonSerializer.Deserialize(json, UpdateInfo);
            reason = update is null ? "not a JSON object" : null;
            return update;
        }
        catch (JsonException ex)
        {
            reason = Where(ex);
            return null;
        }
        catch (ArgumentException)
        {
            reason = "a value out of range";
            return null;
        }
    }

    /// <summary>The same for one element of a getUpdates batch.</summary>
    public static Update? TryRead(JsonElement element, out string? reason)
    {
        try
        {
            reason = null;
            var update = element.Deserialize(UpdateInfo);
            reason = update is null ? "null" : null;
            return update;
        }
        catch (JsonException ex)
        {
            reason = Where(ex);
            return null;
        }
        catch (ArgumentException)
        {
            reason = "a value out of range";
            return null;
        }
    }

    private static string Where(JsonException ex) => ex switch
    {
        { LineNumber: { } line, BytePositionInLine: { } position } =>
            $"malformed JSON or wrong shape at line {line + 1}, byte {position + 1}{(ex.Path is { Length: > 0 } path ? $" ({path})" : "")}",
        { Path: { Length: > 0 } path } => $"wrong shape at {path}",
        _ => "malformed JSON or wrong shape (update_id is required; chat, chat.type and the like may not be null)",
    };

    private static JsonTypeInfo<Update> Create()
    {
        var resolver = new DefaultJsonTypeInfoResolver();
        resolver.Modifiers.Add(Narrow);
        var options = new JsonSerializerOptions(JsonBotAPI.Options)
        {
            TypeInfoResolver = resolver,
            RespectNullableAnnotations = true,
            AllowDuplicateProperties = false,
            NumberHandling = JsonNumberHandling.Strict,
            MaxDepth = MaxDepth,
        };
        options.Converters.Add(new StrictEnumConverter<ChatType>());
        options.Converters.Add(new StrictEnumConverter<MessageEntityType>());
        options.MakeReadOnly();
        return (JsonTypeInfo<Update>)options.GetTypeInfo(typeof(Update));
    }

    private static void Narrow(JsonTypeInfo typeInfo)
    {
        if (!Bound.TryGetValue(typeInfo.Type, out var read))
        {
            return;
        }

        var required = Required.GetValueOrDefault(typeInfo.Type) ?? [];
        for (var i = typeInfo.Properties.Count - 1; i >= 0; i--)
        {
            var property = typeInfo.Properties[i];
            if (!read.Contains(property.Name, StringComparer.Ordinal))
            {
                typeInfo.Properties.RemoveAt(i);
                continue;
            }

            property.IsRequired |= required.Contains(property.Name, StringComparer.Ordinal);
        }
    }

    /// <summary>The library's enum mapping, but only from a string: a null or a number is malformed, not the default.</summary>
    private sealed class StrictEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        private static readonly EnumConverter<TEnum> Library = new();

        public override bool HandleNull => true;

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"A {typeof(TEnum).Name} must be a string.");
            }

            return Library.Read(ref reader, typeToConvert, options);
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => Library.Write(writer, value, options);
    }
}
