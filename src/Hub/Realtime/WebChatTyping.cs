namespace ChatHub.Hub.Realtime;

/// <summary>The <c>Typing</c> event payload.</summary>
public sealed record WebChatTyping(bool Active);
