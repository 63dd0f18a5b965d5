namespace ChatHub.Conversation.Sessions;

public static class SessionRoles
{
    public const string User = "user";
    public const string Assistant = "assistant";
}
