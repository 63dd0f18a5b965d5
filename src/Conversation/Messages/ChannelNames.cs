namespace ChatHub.Conversation.Messages;

/// <summary>Well-known channel names. Channels are plain strings so that new adapters need no change here.</summary>
public static class ChannelNames
{
    public const string Telegram = "telegram";
    public const string Discord = "discord";
    public const string Teams = "teams";
    public const string WebChat = "webchat";
    public const string WhatsApp = "whatsapp";
    public const string Slack = "slack";

    /// <summary>How replies name a channel to people: "Telegram", "web chat"; an unknown channel by its name.</summary>
    public static string Display(string channel) => channel switch
    {
        Telegram => "Telegram",
        Discord => "Discord",
        Teams => "Teams",
        WebChat => "web chat",
        WhatsApp => "WhatsApp",
        Slack => "Slack",
        _ => channel,
    };
}
