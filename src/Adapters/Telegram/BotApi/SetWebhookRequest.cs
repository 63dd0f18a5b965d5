namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary><c>setWebhook</c>: where Telegram POSTs updates, with the secret it sends back in a header.</summary>
internal sealed record SetWebhookRequest
{
    public required string Url { get; init; }

    public string? SecretToken { get; init; }

    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}
