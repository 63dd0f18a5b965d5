using System.Globalization;
using ChatHub.Conversation.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Telegram's outbound budget shared by every node (<see cref="IDistributedRateLimiter"/>): per chat
/// <c>telegram:{botId}:chat:{chatId}</c> (burst <see cref="TelegramOptions.PerChatBurst"/>, refill
/// <see cref="TelegramOptions.PerChatPerSecond"/>), per group for negative ids <c>telegram:{botId}:group:{chatId}</c>
/// (<see cref="TelegramOptions.PerGroupPerMinute"/>) and per bot <c>telegram:{botId}:global</c>
/// (<see cref="TelegramOptions.GlobalPerSecond"/>), taken all at once or not at all. A 429 pauses the chat's bucket on
/// every node. Used instead of <see cref="InMemoryTelegramRateLimiter"/> when a distributed backend (Redis) registers an
/// <see cref="IDistributedRateLimiter"/>. Keys carry the bot id (the token's part before ':'), never the token.
/// </summary>
public sealed class DistributedTelegramRateLimiter : ITelegramRateLimiter
{
    private readonly IDistributedRateLimiter _buckets;
    private readonly TelegramOptions _options;
    private readonly string _prefix;
    private readonly TokenBucketLimit _global;

    public DistributedTelegramRateLimiter(IDistributedRateLimiter buckets, IOptions<TelegramOptions> options)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentNullException.ThrowIfNull(options);
        _buckets = buckets;
        _options = options.Value;
        _prefix = string.Create(CultureInfo.InvariantCulture, $"telegram:{_options.BotId}:");
        _global = new TokenBucketLimit(_prefix + "global", _options.GlobalPerSecond, _options.GlobalPerSecond);
    }

    public ValueTask AcquireAsync(long chatId, CancellationToken cancellationToken) =>
        _buckets.AcquireAsync(Buckets(chatId), cancellationToken);

    public async ValueTask<bool> TryAcquireAsync(long chatId, CancellationToken cancellationToken) =>
        (await _buckets.TryAcquireAsync(Buckets(chatId), cancellationToken)).Acquired;

    public ValueTask PauseAsync(long chatId, TimeSpan retryAfter, CancellationToken cancellationToken) =>
        _buckets.PauseAsync(ChatKey(chatId), retryAfter, cancellationToken);

    private TokenBucketLimit[] Buckets(long chatId)
    {
        var chat = new TokenBucketLimit(ChatKey(chatId), _options.PerChatBurst, _options.PerChatPerSecond);
        if (chatId >= 0)
        {
            return [chat, _global];
        }

        var group = new TokenBucketLimit(
            string.Create(CultureInfo.InvariantCulture, $"{_prefix}group:{chatId}"), _options.PerGroupPerMinute, _options.PerGroupPerMinute / 60.0);
        return [chat, group, _global];
    }

    private string ChatKey(long chatId) => string.Create(CultureInfo.InvariantCulture, $"{_prefix}chat:{chatId}");
}
