using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>Delivery state by reply id (<see cref="DiscordReplyState"/>), expiring after <see cref="DiscordOptions.ReplyStateTtl"/>.</summary>
internal sealed class DiscordReplyTracker
{
    private const int SweepEvery = 512;

    private readonly ConcurrentDictionary<string, DiscordReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private int _operations;

    public DiscordReplyTracker(IOptions<DiscordOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
    }

    internal int Count => _replies.Count;

    public DiscordReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _operations) % SweepEvery == 0)
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, DiscordReplyState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new DiscordReplyState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }
}
