namespace ChatHub.Conversation.Broadcasts;

/// <summary>What a caller asks for (<c>POST /admin/broadcasts</c>), before it is checked.</summary>
public sealed record BroadcastDraft(string? Text, string? Template, BroadcastAudience? Audience, DateTimeOffset? SendAt, string? Cron, string? IdempotencyKey);
