namespace ChatHub.Conversation.Audit;

public static class AuditActions
{
    public const string Link = "link";
    public const string Unlink = "unlink";
    public const string Erase = "erase";
}
