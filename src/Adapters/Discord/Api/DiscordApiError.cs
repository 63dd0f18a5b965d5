namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// An error body: <c>{"code","message"}</c>, and for 429 <c>{"message","retry_after" (float s),"global"}</c>.
/// <see cref="Message"/> is Discord's text (e.g. "Missing Access"), never message content.
/// </summary>
internal sealed record DiscordApiError
{
    public int? Code { get; init; }

    public string? Message { get; init; }

    public double? RetryAfter { get; init; }

    public bool? Global { get; init; }
}
