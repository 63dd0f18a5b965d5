using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// The Bot Framework adapter's log events (ids 2300–2399). Never a token (inbound or outbound), never the client
/// secret, never message text above Debug; strings from a caller or a platform go through <c>LogText.Escape</c>.
/// </summary>
internal static partial class BotFrameworkLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning, Message = "Bot Framework activity rejected with {StatusCode}: {Reason}")]
    public static partial void ActivityRejected(ILogger logger, int statusCode, UntrustedText reason);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Bot Framework activity {ActivityId} ({Type}) ignored: {Reason}")]
    public static partial void ActivityIgnored(ILogger logger, UntrustedText activityId, UntrustedText type, UntrustedText reason);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Information, Message = "Bot Framework activity {ActivityId} was delivered again; ignored")]
    public static partial void ActivityDuplicate(ILogger logger, UntrustedText activityId);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Information, Message = "Bot Framework activity {ActivityId} rejected: {Reason}")]
    public static partial void ActivityNotAccepted(ILogger logger, UntrustedText activityId, UntrustedText reason);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Error, Message = "Bot Framework activity {ActivityId} could not be queued; the channel will deliver it again")]
    public static partial void ActivityPublishFailed(ILogger logger, UntrustedText activityId, Exception exception);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Information, Message = "Bot added to conversation {ConversationId} on {ChannelId}; welcome queued")]
    public static partial void BotAdded(ILogger logger, UntrustedText conversationId, UntrustedText channelId);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning,
        Message = "Service URL {ServiceUrl} was vouched for by the Bot Connector but is not allowed ({Reason}); replies there will fail. Add it to Channels:Teams:AllowedServiceUrls if it is Microsoft's")]
    public static partial void ServiceUrlNotAllowed(ILogger logger, UntrustedText serviceUrl, UntrustedText reason);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Information, Message = "A Teams identity of hub user {HubUserId} moved from the old key to its channel- and tenant-scoped key")]
    public static partial void IdentityMigrated(ILogger logger, string hubUserId);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Information, Message = "Signing keys fetched from {Host}: {KeyCount} keys")]
    public static partial void MetadataFetched(ILogger logger, string host, int keyCount);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Warning, Message = "Signing keys from {Host} could not be fetched: {Reason}")]
    public static partial void MetadataFetchFailed(ILogger logger, string host, UntrustedText reason);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Information, Message = "A token names signing key {KeyId}, unknown so far; fetching the keys from {Host} again")]
    public static partial void UnknownSigningKey(ILogger logger, UntrustedText keyId, string host);

    [LoggerMessage(EventId = 2313, Level = LogLevel.Information, Message = "Bot Framework adapter for app {AppId}: activities at {Path}")]
    public static partial void Started(ILogger logger, string appId, string path);

    [LoggerMessage(EventId = 2320, Level = LogLevel.Warning, Message = "Token endpoint {Host} failed ({Kind}): {Description}")]
    public static partial void TokenRequestFailed(ILogger logger, string host, BotFrameworkErrorKind kind, UntrustedText description);

    [LoggerMessage(EventId = 2321, Level = LogLevel.Debug, Message = "Outbound token renewed; valid for {Lifetime}")]
    public static partial void TokenRenewed(ILogger logger, TimeSpan lifetime);

    [LoggerMessage(EventId = 2330, Level = LogLevel.Information, Message = "Bot Connector {Operation} throttled ({StatusCode}); retrying in {Delay}")]
    public static partial void Throttled(ILogger logger, string operation, int statusCode, TimeSpan delay);

    [LoggerMessage(EventId = 2335, Level = LogLevel.Warning, Message = "Bot Connector {Operation} not posted: no room in the outbound budget within {MaxWait}; handed back for a retry")]
    public static partial void OverBudget(ILogger logger, string operation, TimeSpan maxWait);

    [LoggerMessage(EventId = 2331, Level = LogLevel.Warning, Message = "Bot Connector {Operation} failed ({Kind}), attempt {Attempt}; retrying in {Delay}")]
    public static partial void RetryingTransient(ILogger logger, string operation, BotFrameworkErrorKind kind, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 2332, Level = LogLevel.Warning, Message = "Bot Framework reply {MessageId} not delivered ({Status}): {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, SendStatus status, UntrustedText reason);

    [LoggerMessage(EventId = 2333, Level = LogLevel.Information, Message = "Bot Connector answered 401; renewing the outbound token and retrying once")]
    public static partial void TokenRejected(ILogger logger);

    [LoggerMessage(EventId = 2334, Level = LogLevel.Debug, Message = "Bot Framework typing refresh stopped by an error")]
    public static partial void TypingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2340, Level = LogLevel.Debug, Message = "Bot Connector {Operation} failed: {Kind} {StatusCode} {Description}")]
    public static partial void ConnectorCallFailed(ILogger logger, string operation, BotFrameworkErrorKind kind, int statusCode, UntrustedText description);
}
