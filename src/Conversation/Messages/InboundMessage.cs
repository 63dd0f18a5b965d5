using ChatHub.Conversation.Images;
using ChatHub.Conversation.Voice;

namespace ChatHub.Conversation.Messages;

/// <summary>One message from a person, in the hub's unified model. Adapters map platform payloads to it at the edge.</summary>
public sealed record InboundMessage
{
    /// <summary>The hub's id, derived from the conversation and the platform message id (see <see cref="MessageIds"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The platform's own message id, unique within the conversation; used for de-duplication and replies.</summary>
    public required string PlatformMessageId { get; init; }

    public required ConversationRef Conversation { get; init; }

    public required Sender From { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The platform id of the message this one replies to, if any.</summary>
    public string? ReplyToPlatformMessageId { get; init; }

    /// <summary>
    /// The platform message a reply to this one threads to, where that is not <see cref="PlatformMessageId"/> itself: a
    /// pressed button's message, an edited message (whose platform id carries the edit), as the adapter's egress takes it.
    /// Read through <see cref="ReplyAnchorId"/>.
    /// </summary>
    public string? ReplyAnchor { get; init; }

    /// <summary>What a reply to this message threads to: <see cref="ReplyAnchor"/>, else <see cref="PlatformMessageId"/>.</summary>
    public string ReplyAnchorId => ReplyAnchor ?? PlatformMessageId;

    /// <summary>The person's locale (BCP 47), if the platform tells.</summary>
    public string? Locale { get; init; }

    public MessagePriority Priority { get; init; } = MessagePriority.Interactive;

    /// <summary>
    /// True when the chat is between the person and the bot alone (a private Telegram chat, a Discord DM, a personal
    /// Teams chat, the web widget); false in groups and channels, and whenever the adapter cannot tell. What only the
    /// person may see (a /link code) is sent only here.
    /// </summary>
    public bool IsDirect { get; init; }

    /// <summary>
    /// The client's network address, for per-address limits (<see cref="ClientAddresses"/>: an IPv4 address or an
    /// IPv6 /64). Set by the web chat, where people are anonymous; null for the platforms, which authenticate them.
    /// </summary>
    public string? ClientAddress { get; init; }

    /// <summary>
    /// Images the person sent with the message, by reference (where the platform keeps each one, never the bytes); null
    /// when none. A message with images may have empty text.
    /// </summary>
    public IReadOnlyList<ImageAttachment>? Images { get; init; }

    /// <summary>
    /// A voice message the person sent, by reference (where the platform keeps the audio, never the bytes); null when
    /// none. The worker transcribes it and answers the transcript as if typed; a message with a voice message may have empty text.
    /// </summary>
    public VoiceAttachment? Voice { get; init; }

    /// <summary>Platform-specific values an adapter needs back at egress (kept small; never secrets).</summary>
    public IReadOnlyDictionary<string, string>? Properties { get; init; }
}
