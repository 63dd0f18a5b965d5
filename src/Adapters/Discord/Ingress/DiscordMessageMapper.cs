using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// Maps a MESSAGE_CREATE to the hub's <see cref="InboundMessage"/> (or says why it is ignored).
/// <list type="bullet">
/// <item>Ignored: the bot's own messages, other bots' and webhooks' messages, system messages (only types 0
/// default and 19 reply are answered), and messages with neither text nor an image attachment (content withheld
/// because the MESSAGE_CONTENT intent is off, or other files only).</item>
/// <item>Image attachments (a <c>content_type</c> of <c>image/…</c>) become <see cref="InboundMessage.Images"/> by
/// reference: the attachment id, its CDN URL (fetched only from Discord's CDN hosts), declared type and size. A voice
/// message (flag IS_VOICE_MESSAGE, 1 &lt;&lt; 13) becomes <see cref="InboundMessage.Voice"/> the same way, with its
/// <c>duration_secs</c>.</item>
/// <item>Direct messages (no <c>guild_id</c>): every message, Interactive priority. Server channels and threads:
/// messages that mention the bot or reply to it, or every message with <see cref="DiscordGuildMode.All"/>; Bulk
/// priority.</item>
/// <item>The bot's mention is removed from the text; a reply's referenced message id becomes
/// <see cref="InboundMessage.ReplyToPlatformMessageId"/>.</item>
/// <item>The conversation is <c>("discord", bot user id, channel id)</c>; a thread is its own channel.</item>
/// </list>
/// </summary>
internal sealed class DiscordMessageMapper
{
    private const int DefaultType = 0;
    private const int ReplyType = 19;

    private readonly DiscordBotIdentity _identity;
    private readonly DiscordGuildMode _guildMode;

    public DiscordMessageMapper(DiscordBotIdentity identity, IOptions<DiscordOptions> options)
        : this(identity, options.Value.GuildMessages)
    {
    }

    internal DiscordMessageMapper(DiscordBotIdentity identity, DiscordGuildMode guildMode)
    {
        _identity = identity;
        _guildMode = guildMode;
    }

    public DiscordMappedMessage Map(DiscordMessage message, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        var botId = _identity.UserId ?? throw new InvalidOperationException("The Discord bot's identity is not known before READY.");
        if (message.Author is not { } author)
        {
            return DiscordMappedMessage.Ignored("no author");
        }

        if (string.IsNullOrEmpty(message.Id) || string.IsNullOrEmpty(message.ChannelId) || string.IsNullOrEmpty(author.Id))
        {
            // Snowflakes are never empty; an empty one cannot key de-duplication or a conversation (and would throw there).
            return DiscordMappedMessage.Ignored("malformed: an empty id, channel_id or author.id");
        }

        if (author.Id == botId)
        {
            return DiscordMappedMessage.Ignored("the bot's own message");
        }

        if (author.Bot == true || message.WebhookId is not null)
        {
            return DiscordMappedMessage.Ignored("sent by a bot or a webhook");
        }

        if (message.Type is not (DefaultType or ReplyType))
        {
            return DiscordMappedMessage.Ignored($"a system message (type {message.Type})");
        }

        var content = message.Content ?? "";
        var voice = VoiceMessage(message);
        var images = voice is null ? Images(message.Attachments) : null;
        if (string.IsNullOrWhiteSpace(content) && images is null && voice is null)
        {
            return DiscordMappedMessage.Ignored("no text, image or voice message (other files only, or the MESSAGE_CONTENT intent is off)");
        }

        var isDirect = message.GuildId is null;
        var mentionsBot = message.Mentions?.Any(u => u?.Id == botId) == true || DiscordMentions.ContainsToken(content, botId);
        var repliesToBot = message.ReferencedMessage?.Author?.Id == botId;
        if (!isDirect && _guildMode == DiscordGuildMode.Mentioned && !mentionsBot && !repliesToBot)
        {
            return DiscordMappedMessage.Ignored("a server message not addressed to the bot");
        }

        var conversation = new ConversationRef(ChannelNames.Discord, botId, message.ChannelId);
        var properties = message.GuildId is { } guildId ? new Dictionary<string, string>(StringComparer.Ordinal) { [DiscordProperties.GuildId] = guildId } : null;

        return new DiscordMappedMessage(new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, message.Id),
            PlatformMessageId = message.Id,
            Conversation = conversation,
            From = new Sender(author.Id, message.Member?.Nick ?? author.GlobalName ?? author.Username),
            Text = DiscordMentions.StripBot(content, botId),
            ReceivedAt = receivedAt,
            ReplyToPlatformMessageId = message.Type == ReplyType ? message.MessageReference?.MessageId : null,
            Priority = isDirect ? MessagePriority.Interactive : MessagePriority.Bulk,
            IsDirect = isDirect, // bots cannot join group DMs: no guild means a DM with the bot
            Properties = properties,
            Images = images,
            Voice = voice,
        }, null);
    }

    /// <summary>
    /// Maps a button press (INTERACTION_CREATE, a message component) to the person's message: the chosen text is the
    /// button's label as the bot sent it, read from the message the press came with; the custom id only says which
    /// button. Refused: a press on a message the bot did not send, or of a button that is not on its message.
    /// </summary>
    public DiscordMappedMessage MapPress(DiscordInteraction interaction, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (_identity.UserId is not { } botId)
        {
            return DiscordMappedMessage.Ignored("before READY (the bot's identity is not known)");
        }

        if (interaction.Type != DiscordInteraction.MessageComponentType || interaction.Data?.ComponentType != MessageComponent.ButtonType)
        {
            return DiscordMappedMessage.Ignored($"not a button press (interaction type {interaction.Type})");
        }

        var user = interaction.Member?.User ?? interaction.User;
        if (interaction.Message is not { } anchor || user is null || string.IsNullOrEmpty(user.Id)
            || string.IsNullOrEmpty(anchor.Id) || string.IsNullOrEmpty(interaction.ChannelId) || string.IsNullOrEmpty(interaction.Id))
        {
            return DiscordMappedMessage.Ignored("malformed: no message, channel or user");
        }

        if (anchor.Author?.Id != botId || anchor.ChannelId != interaction.ChannelId)
        {
            return DiscordMappedMessage.RefusedPress("a button on a message the bot did not send");
        }

        if (user.Bot == true)
        {
            return DiscordMappedMessage.Ignored("pressed by a bot");
        }

        var customId = interaction.Data.CustomId;
        var button = (anchor.Components ?? []).Where(row => row?.Components is not null)
            .SelectMany(row => row.Components!)
            .FirstOrDefault(b => b is { Type: MessageComponent.ButtonType } && !string.IsNullOrEmpty(customId) && b.CustomId == customId);
        if (button is null || string.IsNullOrWhiteSpace(button.Label))
        {
            return DiscordMappedMessage.RefusedPress("a button that is not on its message");
        }

        var isDirect = interaction.GuildId is null;
        var conversation = new ConversationRef(ChannelNames.Discord, botId, interaction.ChannelId);
        var platformId = "ix:" + interaction.Id;
        var properties = interaction.GuildId is { } guildId ? new Dictionary<string, string>(StringComparer.Ordinal) { [DiscordProperties.GuildId] = guildId } : null;

        return new DiscordMappedMessage(new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, platformId),
            PlatformMessageId = platformId,
            Conversation = conversation,
            From = new Sender(user.Id, interaction.Member?.Nick ?? user.GlobalName ?? user.Username),
            Text = button.Label,
            ReceivedAt = receivedAt,
            ReplyToPlatformMessageId = anchor.Id,
            ReplyAnchor = anchor.Id, // the answer threads to the message with the button
            Priority = isDirect ? MessagePriority.Interactive : MessagePriority.Bulk,
            IsDirect = isDirect,
            Properties = properties,
        }, null);
    }

    /// <summary>
    /// A voice message (the IS_VOICE_MESSAGE flag): its audio attachment (Ogg Opus, with its length in
    /// <c>duration_secs</c>), by reference like an image, fetched only from Discord's CDN hosts.
    /// </summary>
    private static VoiceAttachment? VoiceMessage(DiscordMessage message)
    {
        if (((message.Flags ?? 0) & DiscordMessage.VoiceMessageFlag) == 0)
        {
            return null;
        }

        var audio = (message.Attachments ?? []).FirstOrDefault(a => a is not null && !string.IsNullOrEmpty(a.Id)
            && a.ContentType?.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) == true);
        return audio is null ? null : new VoiceAttachment
        {
            Channel = ChannelNames.Discord,
            FileId = audio.Id,
            Url = audio.Url,
            DeclaredType = audio.ContentType,
            DeclaredBytes = audio.Size,
            DeclaredDuration = audio.DurationSecs is > 0 and < 86_400 ? TimeSpan.FromSeconds(audio.DurationSecs.Value) : null,
        };
    }

    private static List<ImageAttachment>? Images(IReadOnlyList<DiscordAttachment>? attachments)
    {
        var images = (attachments ?? []).Where(a => a is not null && !string.IsNullOrEmpty(a.Id) && ImageFormats.IsImageType(a.ContentType))
            .Select(a => new ImageAttachment
            {
                Channel = ChannelNames.Discord,
                FileId = a.Id,
                Url = a.Url,
                DeclaredType = a.ContentType,
                DeclaredBytes = a.Size,
            }).ToList();
        return images.Count == 0 ? null : images;
    }
}
