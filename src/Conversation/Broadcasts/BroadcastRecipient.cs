using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// One person in one run of a broadcast: <see cref="Key"/> (<see cref="BroadcastIds.RecipientKey"/>, from the hub user)
/// is unique per run, so collecting the audience again after a restart adds nobody twice. The conversation is the route
/// chosen when collected (null when the person had none: failed, "no route"). An erased person's row keeps only its
/// state, with an empty hub user.
/// </summary>
public sealed record BroadcastRecipient(string Key, string HubUserId, ConversationRef? Conversation, RecipientState State, string? Reason = null);
