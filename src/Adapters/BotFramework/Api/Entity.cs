namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>An activity entity; only mentions are read (<c>{"type":"mention","mentioned":{…},"text":"&lt;at&gt;Name&lt;/at&gt;"}</c>).</summary>
internal sealed class Entity
{
    public string? Type { get; set; }

    public ChannelAccount? Mentioned { get; set; }

    public string? Text { get; set; }
}
