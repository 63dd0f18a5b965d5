namespace ChatHub.Adapters.BotFramework.Protocol;

internal static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
}
