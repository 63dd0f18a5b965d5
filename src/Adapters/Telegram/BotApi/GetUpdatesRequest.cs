namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary><c>getUpdates</c>: long polling; <see cref="Offset"/> = last update_id + 1 confirms everything before it.</summary>
internal sealed record GetUpdatesRequest
{
    public long? Offset { get; init; }

    public int? Limit { get; init; }

    /// <summary>Long-poll timeout in seconds (0 = short poll; the server caps it at 50).</summary>
    public int? Timeout { get; init; }

    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}
