using ChatHub.Conversation.Bus;
using StackExchange.Redis;

namespace ChatHub.Redis;

/// <summary>
/// Redis unreachable (connection lost, reconnecting, not connected yet) or not answering in time is the
/// infrastructure's failure, not the message's: the consumer retries until Redis is back instead of dead-lettering. A
/// server error (a bad command, a script error, OOM: <see cref="RedisServerException"/>) is not transient here.
/// </summary>
public sealed class RedisTransientFailureRule : ITransientFailureRule
{
    public bool IsTransient(Exception exception) => exception is RedisConnectionException or RedisTimeoutException;
}
