using System.Globalization;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// Maps a Telegram <see cref="Update"/> to the hub's <see cref="InboundMessage"/> (or says why it is ignored).
/// <list type="bullet">
/// <item>Messages, edited messages (platform id <c>{message_id}:e{edit_date}</c>, so an edit is answered again
/// but a redelivery is not), channel posts and callback queries (platform id <c>cb:{id}</c>, text = the text of the
/// button on the bot's message whose <c>callback_data</c> is the query's data, never the data itself; a query whose
/// data is on no button of the message, on a message the bot did not send, or from someone other than the person of
/// a private chat is refused). Other update types, messages without text, caption, photo or voice note, and
/// messages from bots are ignored.</item>
/// <item>Photos and voice notes are carried by reference (<see cref="InboundMessage.Images"/>, <see cref="InboundMessage.Voice"/>):
/// the <c>file_id</c>, fetched by the worker through the Bot API.</item>
/// <item>Private chats: every message. Groups, supergroups and channels: commands (<c>/cmd</c> or
/// <c>/cmd@ThisBot</c>), mentions of the bot, and replies to its messages, or every message when
/// <see cref="TelegramGroupMode.All"/>; a command for another bot (<c>/cmd@OtherBot</c>) is always ignored.</item>
/// <item>The bot's own <c>@username</c> is removed from the text (entity offsets are UTF-16, like .NET strings).</item>
/// <item>Forum topics become the conversation's thread.</item>
/// </list>
/// </summary>
internal sealed class TelegramUpdateMapper
{
    private readonly TelegramBotIdentity _identity;
    private readonly TelegramGroupMode _groupMode;
    private readonly long _maxImageBytes;

    public TelegramUpdateMapper(TelegramBotIdentity identity, IOptions<TelegramOptions> options, IOptions<ImageOptions> images)
        : this(identity, options.Value.GroupMessages, images.Value.MaxBytes)
    {
    }

    internal TelegramUpdateMapper(TelegramBotIdentity identity, TelegramGroupMode groupMode, long maxImageBytes = 10 * 1024 * 1024)
    {
        _identity = identity;
        _groupMode = groupMode;
        _maxImageBytes = maxImageBytes;
    }

    public TelegramMappedUpdate Map(Update update, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.CallbackQuery is { } query)
        {
            return MapCallbackQuery(query, receivedAt);
        }

        var (message, kind) = update switch
        {
            { Message: { } m } => (m, TelegramUpdateKind.Message),
            { EditedMessage: { } m } => (m, TelegramUpdateKind.EditedMessage),
            { ChannelPost: { } m } => (m, TelegramUpdateKind.ChannelPost),
            { EditedChannelPost: { } m } => (m, TelegramUpdateKind.EditedChannelPost),
            _ => (null, TelegramUpdateKind.Unknown),
        };

        if (message is null)
        {
            return TelegramMappedUpdate.Ignored(kind, "an update type the hub does not handle");
        }

        if (!HasChat(message))
        {
            return TelegramMappedUpdate.Ignored(kind, "malformed: no chat or chat type");
        }

        if (message.From is { IsBot: true })
        {
            return TelegramMappedUpdate.Ignored(kind, "sent by a bot");
        }

        var photo = Photo(message.Photo);
        var voice = VoiceNote(message);
        var text = message.Text ?? message.Caption ?? (photo is null && voice is null ? null : "");
        if (text is null)
        {
            return TelegramMappedUpdate.Ignored(kind, "no text, caption, photo or voice note");
        }

        var entities = message.Text is not null ? message.Entities : message.CaptionEntities;
        var address = TelegramAddressing.Analyze(text, entities, _identity);
        if (address.CommandForAnotherBot)
        {
            return TelegramMappedUpdate.Ignored(kind, "a command for another bot");
        }

        var isPrivate = message.Chat.Type == ChatType.Private;
        if (!isPrivate && _groupMode == TelegramGroupMode.Addressed && !address.IsCommand && !address.MentionsBot && !RepliesToBot(message))
        {
            return TelegramMappedUpdate.Ignored(kind, "a group message not addressed to the bot");
        }

        var edited = kind is TelegramUpdateKind.EditedMessage or TelegramUpdateKind.EditedChannelPost;
        var platformId = edited
            ? string.Create(CultureInfo.InvariantCulture, $"{message.Id}:e{UnixSeconds(message.EditDate)}")
            : Id(message.Id);
        var replyTo = IsTopicRoot(message, message.ReplyToMessage) ? null : message.ReplyToMessage;
        var inbound = Build(message, platformId, address.Text, SenderOf(message), message.From?.LanguageCode, receivedAt) with
        {
            ReplyToPlatformMessageId = replyTo is null ? null : Id(replyTo.Id),
            Images = photo is null ? null : [photo],
            Voice = voice,
        };
        return new TelegramMappedUpdate(kind, inbound, null);
    }

    /// <summary>
    /// A photo is sent as several sizes (<c>message.photo</c>, smallest first): the largest whose declared size is within
    /// the limit; when every size is over it, the smallest (refused by the worker with the reason). Fetched by
    /// <c>file_id</c> through the Bot API (<c>getFile</c>), never from an address in the update.
    /// </summary>
    private ImageAttachment? Photo(PhotoSize[]? sizes)
    {
        var usable = (sizes ?? []).Where(size => size is not null && !string.IsNullOrEmpty(size.FileId)).ToList();
        if (usable.Count == 0)
        {
            return null;
        }

        var chosen = usable.Where(size => (size.FileSize ?? 0) <= _maxImageBytes)
            .OrderByDescending(size => (long)size.Width * size.Height).ThenByDescending(size => size.FileSize ?? 0).FirstOrDefault()
            ?? usable.OrderBy(size => size.FileSize ?? long.MaxValue).First();
        return new ImageAttachment
        {
            Channel = ChannelNames.Telegram,
            FileId = chosen.FileId,
            DeclaredType = ImageFormats.Jpeg, // Telegram re-encodes photos as JPEG
            DeclaredBytes = chosen.FileSize,
        };
    }

    /// <summary>
    /// A voice note (<c>message.voice</c>, Ogg Opus), or an audio file that is one (<c>message.audio</c> with an Ogg or
    /// Opus type: a voice note forwarded as a file); other audio (MP3 music) is not a voice message. Fetched by
    /// <c>file_id</c> through the Bot API, like photos.
    /// </summary>
    private static VoiceAttachment? VoiceNote(Message message)
    {
        var (fileId, type, size, seconds) = message switch
        {
            { Voice: { FileId.Length: > 0 } v } => (v.FileId, v.MimeType ?? AudioFormats.Ogg, v.FileSize, v.Duration),
            { Audio: { FileId.Length: > 0, MimeType: { } mime } a } when IsOpus(mime) => (a.FileId, mime, a.FileSize, a.Duration),
            _ => (null, null, null, 0),
        };
        return fileId is null ? null : new VoiceAttachment
        {
            Channel = ChannelNames.Telegram,
            FileId = fileId,
            DeclaredType = type,
            DeclaredBytes = size,
            DeclaredDuration = TimeSpan.FromSeconds(seconds),
        };

        static bool IsOpus(string mime) => mime.StartsWith("audio/ogg", StringComparison.OrdinalIgnoreCase)
            || mime.StartsWith("audio/opus", StringComparison.OrdinalIgnoreCase);
    }

    private TelegramMappedUpdate MapCallbackQuery(CallbackQuery query, DateTimeOffset receivedAt)
    {
        if (query.Message is not { } anchor)
        {
            return TelegramMappedUpdate.Ignored(TelegramUpdateKind.CallbackQuery, "a button on an inline message", query.Id);
        }

        if (query.From is null || !HasChat(anchor))
        {
            return TelegramMappedUpdate.Ignored(TelegramUpdateKind.CallbackQuery, "malformed: no sender, chat or chat type", query.Id);
        }

        if (string.IsNullOrEmpty(query.Data))
        {
            return TelegramMappedUpdate.Ignored(TelegramUpdateKind.CallbackQuery, "a callback query without data", query.Id);
        }

        if (anchor.From is { } author && author.Id != _identity.BotId)
        {
            return TelegramMappedUpdate.RefusedCallback("a button on a message the bot did not send", query.Id);
        }

        if (anchor.Chat.Type == ChatType.Private && anchor.Chat.Id != query.From.Id)
        {
            return TelegramMappedUpdate.RefusedCallback("a button in another person's private chat", query.Id);
        }

        // The chosen text is the button's, as the bot sent it: the data only says which button.
        // (The reader leaves null rows and buttons as they came: JSON null elements are not checked against annotations.)
        var button = (anchor.ReplyMarkup?.InlineKeyboard ?? []).Where(row => row is not null)
            .SelectMany(row => row).FirstOrDefault(b => b is not null && b.CallbackData == query.Data);
        if (button is null || string.IsNullOrWhiteSpace(button.Text))
        {
            return TelegramMappedUpdate.RefusedCallback("a button that is not on its message", query.Id);
        }

        var inbound = Build(anchor, "cb:" + query.Id, button.Text, new Sender(Id(query.From.Id), NameOf(query.From)), query.From.LanguageCode, receivedAt) with
        {
            ReplyToPlatformMessageId = Id(anchor.Id),
        };
        return new TelegramMappedUpdate(TelegramUpdateKind.CallbackQuery, inbound, null, query.Id);
    }

    /// <summary>The message the reply threads to is <paramref name="anchor"/>; the conversation is its chat (and topic).</summary>
    private InboundMessage Build(Message anchor, string platformId, string text, Sender from, string? locale, DateTimeOffset receivedAt)
    {
        var chat = anchor.Chat;
        var thread = anchor.IsTopicMessage && anchor.MessageThreadId is { } topic ? Id(topic) : null;
        var conversation = new ConversationRef(ChannelNames.Telegram, Id(_identity.BotId), Id(chat.Id), thread);
        return new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, platformId),
            PlatformMessageId = platformId,
            Conversation = conversation,
            From = from,
            Text = text,
            ReceivedAt = receivedAt,
            Locale = locale,
            Priority = chat.Type == ChatType.Private ? MessagePriority.Interactive : MessagePriority.Bulk,
            IsDirect = chat.Type == ChatType.Private,
            Properties = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [TelegramProperties.ChatType] = ChatTypes.Name(chat.Type),
            },
            ReplyAnchor = Id(anchor.Id), // the message itself, also for an edit ("42:e…") or a button's press ("cb:…")
        };
    }

    /// <summary>
    /// The reader requires a chat and its type, but an Update built another way (a test, a future reader) may lack
    /// one: it is ignored here, not thrown on (a throw would hold the update unconfirmed and stall polling on it).
    /// </summary>
    private static bool HasChat(Message message) => message.Chat is not null;

    private bool RepliesToBot(Message message) =>
        message.ReplyToMessage is { } original && !IsTopicRoot(message, original) && original.From?.Id == _identity.BotId;

    /// <summary>In forum topics every message "replies" to the topic's first message; that is not a reply.</summary>
    private static bool IsTopicRoot(Message message, Message? original) =>
        original is not null && message.IsTopicMessage && original.Id == message.MessageThreadId;

    private static Sender SenderOf(Message message) => message switch
    {
        { SenderChat: { } chat } => new Sender(Id(chat.Id), chat.Title ?? chat.Username),
        { From: { } user } => new Sender(Id(user.Id), NameOf(user)),
        _ => new Sender(Id(message.Chat.Id), message.Chat.Title),
    };

    private static string? NameOf(User user)
    {
        var name = $"{user.FirstName} {user.LastName}".Trim();
        return name.Length > 0 ? name : user.Username;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The edit time as Unix seconds, as Telegram sent it (0 when absent).</summary>
    private static long UnixSeconds(DateTime? time) =>
        time is { } value && value != default ? (long)(value - DateTime.UnixEpoch).TotalSeconds : 0;
}
