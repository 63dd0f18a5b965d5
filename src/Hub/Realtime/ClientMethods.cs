namespace ChatHub.Hub.Realtime;

/// <summary>The methods the server calls on web-chat clients.</summary>
public static class ClientMethods
{
    public const string Reply = "Reply";
    public const string Typing = "Typing";
    public const string Session = "Session";
    public const string Voice = "Voice";
}
