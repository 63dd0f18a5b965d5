using System.Collections.Concurrent;
using ChatHub.Conversation;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>Delivery state by reply id (<see cref="DiscordReplyState"/>), expiring after <see cref="DiscordOptions.ReplyStateTtl"/>.</summary>
internal sealed class DiscordReplyTracker
{
    private readonly ConcurrentDictionary<string, DiscordReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public DiscordReplyTracker(IOptions<DiscordOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _replies.Count;

    public DiscordReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
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
