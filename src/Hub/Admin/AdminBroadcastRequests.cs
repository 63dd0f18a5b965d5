using ChatHub.Conversation.Broadcasts;

namespace ChatHub.Hub.Admin;

/// <summary>
/// Body of <c>POST /admin/broadcasts</c>: <c>text</c> or <c>template</c>; <c>audience</c> with exactly one of
/// <c>people</c>, <c>channels</c> or <c>optedIn</c>; optionally <c>sendAt</c> (a time) or <c>cron</c> (5 fields, UTC).
/// </summary>
public sealed record BroadcastRequest(string? Text, string? Template, BroadcastAudience? Audience, DateTimeOffset? SendAt, string? Cron);
