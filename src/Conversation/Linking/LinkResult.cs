using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// The outcome of a link operation. <see cref="Code"/> is set when a code was issued; <see cref="OtherSide"/> is the
/// conversation of the code's issuer after a successful link (to confirm there too).
/// </summary>
public sealed record LinkResult(LinkOutcome Outcome, string? Code = null, ConversationRef? OtherSide = null, string? OtherChannel = null);
