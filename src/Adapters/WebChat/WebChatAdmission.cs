using ChatHub.Conversation.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Admits new web-chat conversations and messages within <see cref="WebChatLimitOptions"/>: per connection (its
/// <see cref="WebChatConnectionLimits"/>, kept with the connection) and per client address (token buckets of
/// <see cref="ITokenBucketLimiter"/>, cluster-wide on Redis). A connection's own limit is checked first, so one
/// connection cannot spend its address's budget alone.
/// </summary>
public sealed partial class WebChatAdmission
{
    private readonly ITokenBucketLimiter _buckets;
    private readonly WebChatLimitOptions _limits;
    private readonly TokenBucketRule _newPerAddress;
    private readonly TokenBucketRule _messagesPerAddress;
    private readonly TimeProvider _time;
    private readonly ILogger<WebChatAdmission> _logger;

    public WebChatAdmission(ITokenBucketLimiter buckets, IOptions<WebChatOptions> options, TimeProvider time, ILogger<WebChatAdmission> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _buckets = buckets;
        _limits = options.Value.Limits;
        _newPerAddress = new TokenBucketRule(_limits.NewConversationsPerAddressBurst, _limits.NewConversationsPerAddressRefill);
        _messagesPerAddress = new TokenBucketRule(_limits.MessagesPerAddressBurst, _limits.MessagesPerAddressRefill);
        _time = time;
        _logger = logger;
    }

    /// <summary>The per-connection state of a new connection.</summary>
    public WebChatConnectionLimits NewConnection() =>
        new(new TokenBucketRule(_limits.MessagesPerConnectionBurst, _limits.MessagesPerConnectionRefill), _time.GetUtcNow());

    /// <summary>Null when the connection may start a new conversation, else the reason to tell the client.</summary>
    public async ValueTask<string?> NewConversationAsync(WebChatConnectionLimits connection, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.TryStartConversation(_limits.NewConversationsPerConnection))
        {
            LogRefused(_logger, "new conversation", "connection");
            return "This connection has started too many conversations. Reload the page to start again.";
        }

        if (address is not null && !await _buckets.TryAcquireAsync("wc:new:" + address, _newPerAddress, cancellationToken))
        {
            LogRefused(_logger, "new conversation", "address");
            return "Too many new conversations from your network just now. Please wait a minute and try again.";
        }

        return null;
    }

    /// <summary>Null when the connection may send a message now, else the reason to tell the client.</summary>
    public async ValueTask<string?> MessageAsync(WebChatConnectionLimits connection, string? address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!connection.TryTakeMessage(_time.GetUtcNow()))
        {
            LogRefused(_logger, "message", "connection");
            return "You are sending messages too fast. Please wait a moment, then send it again.";
        }

        if (address is not null && !await _buckets.TryAcquireAsync("wc:msg:" + address, _messagesPerAddress, cancellationToken))
        {
            LogRefused(_logger, "message", "address");
            return "Too many messages from your network just now. Please wait a moment, then send it again.";
        }

        return null;
    }

    // Debug: a flood is refused thousands of times a minute, and each refusal at Information would make it a log flood
    // (the person refused sees the reason in the reply).
    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Web chat: a {What} was refused by the per-{Scope} limit")]
    private static partial void LogRefused(ILogger logger, string what, string scope);
}
