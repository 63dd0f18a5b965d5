using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// The outcome of a link operation. <see cref="Code"/> is set when a code was issued; after a successful link,
/// <see cref="OtherSide"/> is the conversation of the code's issuer (to tell them there too) and <see cref="Issuer"/>
/// their identity; after removing identities, <see cref="Removed"/> lists them.
/// </summary>
public sealed record LinkResult(
    LinkOutcome Outcome,
    string? Code = null,
    ConversationRef? OtherSide = null,
    PlatformIdentity? Issuer = null,
    IReadOnlyList<PlatformIdentity>? Removed = null);
