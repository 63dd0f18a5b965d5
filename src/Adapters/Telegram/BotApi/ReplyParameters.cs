namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Threads a message to another one; sends anyway when the original was deleted.</summary>
internal sealed record ReplyParameters
{
    public long MessageId { get; init; }

    public bool? AllowSendingWithoutReply { get; init; }
}
