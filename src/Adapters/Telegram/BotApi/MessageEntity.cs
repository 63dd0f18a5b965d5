namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>A special part of a message's text. <see cref="Offset"/> and <see cref="Length"/> are UTF-16 code units.</summary>
internal sealed record MessageEntity
{
    /// <summary>mention, bot_command, text_mention, url, bold, … (unknown types are kept and ignored).</summary>
    public required string Type { get; init; }

    public int Offset { get; init; }

    public int Length { get; init; }

    /// <summary>The mentioned user, for text_mention.</summary>
    public User? User { get; init; }
}
