namespace ChatHub.Hub.Admin;

/// <summary>Body of <c>POST /admin/users/{hubUserId}/messages</c>.</summary>
public sealed record ProactiveMessageRequest(string? Text, string? Channel);
