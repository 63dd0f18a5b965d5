using System.Text.Json;

namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>
/// A Bot Framework activity, inbound (only the members the adapter reads; unknown members and types are tolerated,
/// as the protocol asks).
/// </summary>
internal sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public string? Text { get; set; }

    public string? TextFormat { get; set; }

    public string? Locale { get; set; }

    public string? ReplyToId { get; set; }

    public List<Entity>? Entities { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    /// <summary>Files and cards sent with the message; image ones (<c>image/…</c> with a <c>contentUrl</c>) are read.</summary>
    public List<ActivityAttachment>? Attachments { get; set; }

    /// <summary>Channel-specific data, kept raw (its shape differs per channel): Teams puts <c>tenant.id</c>, <c>team</c>, <c>channel</c> and <c>eventType</c> here.</summary>
    public JsonElement? ChannelData { get; set; }

    /// <summary>
    /// <c>channelData.tenant.id</c>, when the channel data has that shape; U+FFFD when that string is not valid UTF-16
    /// (a lone surrogate escape), so that it matches no tenant and is refused.
    /// </summary>
    public string? ChannelDataTenantId
    {
        get
        {
            if (ChannelData is not { ValueKind: JsonValueKind.Object } data
                || !data.TryGetProperty("tenant", out var tenant) || tenant.ValueKind != JsonValueKind.Object
                || !tenant.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            try
            {
                return id.GetString();
            }
            catch (InvalidOperationException)
            {
                return "\uFFFD";
            }
        }
    }
}
