using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// Maps an authenticated Bot Framework <see cref="Activity"/> to the hub's model.
/// <list type="bullet">
/// <item><c>message</c>: 1:1 (<c>personal</c>, and every non-Teams channel) always; group chats and channels only
/// when the bot is mentioned (a mention entity whose <c>mentioned.id</c> is the bot). The bot's mention is removed
/// from the text by the entity's own <c>text</c> (never by the displayed name); other people's mentions become their
/// names. Messages from bots and messages without text (attachments, card submits) are ignored.</item>
/// <item><c>conversationUpdate</c> whose <c>membersAdded</c> includes the bot: <see cref="BotFrameworkActivityKind.BotAdded"/>.</item>
/// <item>Every other type is ignored (the protocol asks to tolerate unknown types).</item>
/// </list>
/// The conversation is <c>ConversationRef("teams", AppId, conversation.id)</c>; the service URL, activity id,
/// channel, conversation type and tenant travel in <see cref="InboundMessage.Properties"/> (<see cref="BotFrameworkProperties"/>).
/// The sender's id is scoped by the Bot Framework channel, and by the tenant for Teams (<see cref="UserKey"/>): on
/// Direct Line and Web Chat the client picks <c>from.id</c>, so it must never name the same person as a Teams id.
/// </summary>
internal sealed class BotFrameworkActivityMapper
{
    /// <summary>The Teams channel id.</summary>
    public const string TeamsChannelId = "msteams";

    private const int MaxKeyPartLength = 128;

    private readonly string _appId;

    public BotFrameworkActivityMapper(IOptions<BotFrameworkOptions> options)
        : this(options.Value.AppId!)
    {
    }

    internal BotFrameworkActivityMapper(string appId) => _appId = appId;

    public BotFrameworkMappedActivity Map(Activity activity, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Type switch
        {
            ActivityTypes.Message => MapMessage(activity, receivedAt),
            ActivityTypes.ConversationUpdate => MapConversationUpdate(activity),
            _ => BotFrameworkMappedActivity.Ignored($"activity type '{activity.Type}' is not handled"),
        };
    }

    private BotFrameworkMappedActivity MapMessage(Activity activity, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrEmpty(activity.Id) || string.IsNullOrEmpty(activity.ServiceUrl)
            || string.IsNullOrEmpty(activity.Conversation?.Id) || string.IsNullOrEmpty(activity.From?.Id))
        {
            return BotFrameworkMappedActivity.Invalid("a message activity needs id, serviceUrl, conversation.id and from.id");
        }

        if (!IsKeyPart(activity.ChannelId) || (TenantOf(activity) is { } tenantId && !IsKeyPart(tenantId)))
        {
            return BotFrameworkMappedActivity.Invalid("a message activity needs a channelId (and a tenant id, if any) of letters, digits, '.', '-' and '_'");
        }

        if (IsBot(activity.From) || activity.From.Id == activity.Recipient?.Id)
        {
            return BotFrameworkMappedActivity.Ignored("sent by a bot");
        }

        var images = Images(activity.Attachments);
        if (string.IsNullOrWhiteSpace(activity.Text) && images is null)
        {
            return BotFrameworkMappedActivity.Ignored("no text or image (other attachments or card data only)");
        }

        var conversation = activity.Conversation;
        var mentions = activity.Entities?.Where(e => e is not null && string.Equals(e.Type, "mention", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(e.Text)).ToList() ?? [];
        var mentionsBot = mentions.Any(m => IsThisBot(m.Mentioned, activity.Recipient));
        var isGroup = conversation.ConversationType is "groupChat" or "channel" || conversation.IsGroup == true;
        if (isGroup && !mentionsBot)
        {
            return BotFrameworkMappedActivity.Ignored("a group message not addressed to the bot");
        }

        var reference = new ConversationRef(ChannelNames.Teams, _appId, conversation.Id);
        var message = new InboundMessage
        {
            Id = MessageIds.ForInbound(reference, activity.Id),
            PlatformMessageId = activity.Id,
            Conversation = reference,
            From = new Sender(UserKey(activity.ChannelId!, TenantOf(activity), activity.From.Id), string.IsNullOrWhiteSpace(activity.From.Name) ? null : activity.From.Name),
            Text = StripMentions(activity.Text ?? "", mentions, activity.Recipient),
            Images = images,
            ReceivedAt = receivedAt,
            Locale = string.IsNullOrWhiteSpace(activity.Locale) ? null : activity.Locale,
            Priority = isGroup ? MessagePriority.Bulk : MessagePriority.Interactive,
            IsDirect = !isGroup && conversation.ConversationType is null or "personal",
            Properties = Properties(activity, includeActivityId: true),
        };
        return new BotFrameworkMappedActivity(BotFrameworkActivityKind.Message, message, reference);
    }

    private BotFrameworkMappedActivity MapConversationUpdate(Activity activity)
    {
        if (activity.MembersAdded?.Any(m => IsThisBot(m, activity.Recipient)) != true)
        {
            return BotFrameworkMappedActivity.Ignored("a conversationUpdate that does not add the bot");
        }

        if (string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return BotFrameworkMappedActivity.Invalid("a conversationUpdate needs serviceUrl and conversation.id");
        }

        var reference = new ConversationRef(ChannelNames.Teams, _appId, activity.Conversation.Id);
        return new BotFrameworkMappedActivity(BotFrameworkActivityKind.BotAdded, Conversation: reference);
    }

    /// <summary>The values egress needs (never secrets, never text). Welcome messages are not replies: no activity id.</summary>
    internal static Dictionary<string, string> Properties(Activity activity, bool includeActivityId)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { [BotFrameworkProperties.ServiceUrl] = activity.ServiceUrl! };
        if (includeActivityId && activity.Id is { Length: > 0 } id)
        {
            properties[BotFrameworkProperties.ActivityId] = id;
        }

        if (activity.ChannelId is { Length: > 0 } channel)
        {
            properties[BotFrameworkProperties.ChannelId] = channel;
        }

        if (activity.Conversation?.ConversationType is { Length: > 0 } type)
        {
            properties[BotFrameworkProperties.ConversationType] = type;
        }

        if (TenantOf(activity) is { } tenant)
        {
            properties[BotFrameworkProperties.TenantId] = tenant;
        }

        return properties;
    }

    /// <summary>
    /// The hub's user id of a Bot Framework sender (the identity key is <c>("teams", this)</c>): <c>msteams:{tenant}:{from.id}</c>
    /// for Teams (the tenant empty when the activity names none), <c>{channelId}:{from.id}</c> for every other channel
    /// (<c>webchat:…</c>, <c>directline:…</c>). The channel is lower-cased; neither it nor the tenant contains ':'
    /// (<see cref="IsKeyPart"/>), so two keys are equal only when channel, tenant and id are.
    /// </summary>
    internal static string UserKey(string channelId, string? tenantId, string fromId)
    {
        var channel = channelId.ToLowerInvariant();
        return channel == TeamsChannelId ? $"{channel}:{tenantId?.ToLowerInvariant()}:{fromId}" : $"{channel}:{fromId}";
    }

    /// <summary>The tenant the activity names (<c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>), or null.</summary>
    internal static string? TenantOf(Activity activity) =>
        activity.Conversation?.TenantId is { Length: > 0 } tenant ? tenant
        : activity.ChannelDataTenantId is { Length: > 0 } fromData ? fromData
        : null;

    private static bool IsKeyPart(string? value) =>
        value is { Length: > 0 and <= MaxKeyPartLength } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private bool IsThisBot(ChannelAccount? account, ChannelAccount? recipient) =>
        account?.Id is { Length: > 0 } id
        && (id == recipient?.Id || id == _appId || id == "28:" + _appId);

    private static bool IsBot(ChannelAccount account) => string.Equals(account.Role, "bot", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Removes the bot's mentions (each entity's exact <c>text</c>, e.g. <c>&lt;at&gt;ChatHub&lt;/at&gt;</c>) and turns other
    /// mentions into the plain name; non-breaking spaces become spaces.
    /// </summary>
    internal string StripMentions(string text, IReadOnlyList<Entity> mentions, ChannelAccount? recipient)
    {
        foreach (var mention in mentions)
        {
            var tag = mention.Text!;
            var at = text.IndexOf(tag, StringComparison.Ordinal);
            if (at < 0)
            {
                continue; // Teams ignores an entity whose text is not in the message; so do we
            }

            var end = at + tag.Length;
            if (!IsThisBot(mention.Mentioned, recipient))
            {
                text = string.Concat(text.AsSpan(0, at), InnerText(tag), text.AsSpan(end));
                continue;
            }

            // "hi <at>Bot</at> there" → "hi there": one of the spaces around the removed mention goes too.
            if (at > 0 && end < text.Length && IsSpace(text, at - 1) && IsSpace(text, end))
            {
                end++;
            }

            text = string.Concat(text.AsSpan(0, at), text.AsSpan(end));
        }

        return text.Replace("&nbsp;", " ", StringComparison.Ordinal).Replace('\u00A0', ' ').Trim();
    }

    private static bool IsSpace(string text, int index) => text[index] is ' ' or '\u00A0';

    private static string InnerText(string tag)
    {
        var open = tag.IndexOf('>', StringComparison.Ordinal);
        var close = tag.LastIndexOf('<');
        return open >= 0 && close > open ? tag[(open + 1)..close] : tag;
    }

    /// <summary>
    /// Image attachments by reference: the content URL (fetched later only from the conversation's own service host,
    /// with the bot's token), the declared type (Teams says <c>image/*</c>: the bytes decide).
    /// </summary>
    private static List<ImageAttachment>? Images(List<ActivityAttachment>? attachments)
    {
        var images = (attachments ?? []).Where(a => a is not null && ImageFormats.IsImageType(a.ContentType) && !string.IsNullOrEmpty(a.ContentUrl))
            .Select(a => new ImageAttachment { Channel = ChannelNames.Teams, FileId = a.ContentUrl!, Url = a.ContentUrl, DeclaredType = a.ContentType })
            .ToList();
        return images.Count == 0 ? null : images;
    }
}
