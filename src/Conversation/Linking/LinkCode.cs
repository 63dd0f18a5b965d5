using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// An issued /link code. The code is <c>SELECTOR-VERIFIER</c>: the selector finds the record, the verifier is
/// checked in constant time against its hash (so wrong guesses can be counted per code).
/// </summary>
public sealed record LinkCode(
    string Selector,
    string VerifierHash,
    string HubUserId,
    PlatformIdentity Issuer,
    ConversationRef IssuerConversation,
    DateTimeOffset ExpiresAt);
