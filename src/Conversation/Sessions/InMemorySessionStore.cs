using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Sessions;

/// <summary>The embedded session store. Expired sessions are dropped on access and by a periodic sweep.</summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemorySessionStore(IOptions<SessionOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _sessions.Count;

    public ValueTask<IReadOnlyList<SessionTurn>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SessionTurn> result = [];
        if (_sessions.TryGetValue(hubUserId, out var session))
        {
            lock (session)
            {
                if (session.ExpiresAt > _time.GetUtcNow())
                {
                    result = [.. session.Turns];
                }
            }
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask AppendAsync(string hubUserId, IReadOnlyList<SessionTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var now = _time.GetUtcNow();
        while (true)
        {
            var session = _sessions.GetOrAdd(hubUserId, static _ => new Session());
            lock (session)
            {
                if (session.Removed)
                {
                    continue; // lost a race with the sweep; take the fresh one
                }

                if (session.ExpiresAt <= now)
                {
                    session.Turns.Clear();
                }

                session.Turns.AddRange(turns);
                if (session.Turns.Count > _options.MaxTurns)
                {
                    session.Turns.RemoveRange(0, session.Turns.Count - _options.MaxTurns);
                }

                session.ExpiresAt = now + _options.Ttl;
            }

            break;
        }

        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (_sessions.TryRemove(hubUserId, out var session))
        {
            lock (session)
            {
                session.Removed = true;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId || !_sessions.TryRemove(fromHubUserId, out var source))
        {
            return ValueTask.CompletedTask;
        }

        List<SessionTurn> moving;
        lock (source)
        {
            source.Removed = true;
            moving = source.ExpiresAt > _time.GetUtcNow() ? [.. source.Turns] : [];
        }

        if (moving.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var now = _time.GetUtcNow();
        while (true)
        {
            var target = _sessions.GetOrAdd(intoHubUserId, static _ => new Session());
            lock (target)
            {
                if (target.Removed)
                {
                    continue;
                }

                if (target.ExpiresAt <= now)
                {
                    target.Turns.Clear();
                }

                var merged = target.Turns.Concat(moving).OrderBy(t => t.At).ToList(); // stable: ties keep their order
                target.Turns.Clear();
                target.Turns.AddRange(merged.Skip(Math.Max(0, merged.Count - _options.MaxTurns)));
                target.ExpiresAt = now + _options.Ttl;
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, session) in _sessions)
        {
            lock (session)
            {
                if (session.ExpiresAt <= now && _sessions.TryRemove(new KeyValuePair<string, Session>(key, session)))
                {
                    session.Removed = true;
                }
            }
        }
    }

    private sealed class Session
    {
        public List<SessionTurn> Turns { get; } = [];

        public DateTimeOffset ExpiresAt { get; set; }

        public bool Removed { get; set; }
    }
}
