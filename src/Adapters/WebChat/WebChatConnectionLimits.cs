using ChatHub.Conversation.RateLimiting;

namespace ChatHub.Adapters.WebChat;

/// <summary>One connection's count of new conversations and its message bucket (kept in the connection's items).</summary>
public sealed class WebChatConnectionLimits
{
    private readonly Lock _gate = new();
    private readonly TokenBucketRule _messages;
    private int _conversations;
    private double _tokens;
    private DateTimeOffset _updatedAt;

    internal WebChatConnectionLimits(TokenBucketRule messages, DateTimeOffset now)
    {
        _messages = messages;
        _tokens = messages.Capacity;
        _updatedAt = now;
    }

    internal bool TryStartConversation(int max)
    {
        lock (_gate)
        {
            if (_conversations >= max)
            {
                return false;
            }

            _conversations++;
            return true;
        }
    }

    internal bool TryTakeMessage(DateTimeOffset now)
    {
        lock (_gate)
        {
            _tokens = Math.Min(_messages.Capacity, _tokens + Math.Max(0, (now - _updatedAt).TotalSeconds * _messages.TokensPerSecond));
            _updatedAt = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
