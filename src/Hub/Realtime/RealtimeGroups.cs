namespace ChatHub.Hub.Realtime;

/// <summary>SignalR group names, one per web-chat conversation (all tabs of a conversation get its replies).</summary>
public static class RealtimeGroups
{
    public static string ForConversation(string conversationId) => "conv:" + conversationId;
}
