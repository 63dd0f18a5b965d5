using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// An issued /link code. It is stored under <see cref="Selector"/>, a hash of the whole code
/// (<see cref="LinkCodeFormat.Selector"/>): a code is found only by all of it, so a wrong guess learns nothing about
/// the live codes, and the code itself is never stored.
/// </summary>
public sealed record LinkCode(
    string Selector,
    string HubUserId,
    PlatformIdentity Issuer,
    ConversationRef IssuerConversation,
    DateTimeOffset ExpiresAt);
