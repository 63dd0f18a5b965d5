namespace ChatHub.Conversation.Moderation;

/// <summary>The result of checking an inbound message: blocked, or the text to use (masked when needed).</summary>
public readonly record struct ModerationVerdict(bool Blocked, bool Flagged, string Text);
