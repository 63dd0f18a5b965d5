using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>Delivery state by reply id (<see cref="TelegramReplyState"/>), expiring after <see cref="TelegramOptions.ReplyStateTtl"/>.</summary>
internal sealed class TelegramReplyTracker
{
    private const int SweepEvery = 512;

    private readonly ConcurrentDictionary<string, TelegramReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private int _operations;

    public TelegramReplyTracker(IOptions<TelegramOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
    }

    internal int Count => _replies.Count;

    public TelegramReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _operations) % SweepEvery == 0)
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, TelegramReplyState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new TelegramReplyState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }
}
