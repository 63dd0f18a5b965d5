namespace ChatHub.Conversation.Broadcasts;

/// <summary>The broadcast store in memory (tests, <c>Storage:Provider=memory</c>): one lock, per-process state.</summary>
public sealed class InMemoryBroadcastStore(TimeProvider time) : IBroadcastStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Broadcast> _broadcasts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, int Run), Run> _runs = [];
    private readonly Dictionary<string, BroadcastPreference> _preferences = new(StringComparer.Ordinal);
    private (string Owner, DateTimeOffset Until)? _lease;

    public ValueTask<(Broadcast Broadcast, bool Created)> CreateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        lock (_gate)
        {
            if (broadcast.IdempotencyKey is { } key && _byKey.TryGetValue(key, out var existing))
            {
                return ValueTask.FromResult((_broadcasts[existing], false));
            }

            if (!_broadcasts.TryAdd(broadcast.Id, broadcast))
            {
                throw new InvalidOperationException($"Broadcast '{broadcast.Id}' exists.");
            }

            if (broadcast.IdempotencyKey is { } newKey)
            {
                _byKey[newKey] = broadcast.Id;
            }

            return ValueTask.FromResult((broadcast, true));
        }
    }

    public ValueTask<Broadcast?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_broadcasts.GetValueOrDefault(id));
        }
    }

    public ValueTask<IReadOnlyList<Broadcast>> ListActiveAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Broadcast>>(
                [.. _broadcasts.Values.Where(b => b.Status is BroadcastStatus.Scheduled or BroadcastStatus.Sending).OrderBy(b => b.CreatedAt)]);
        }
    }

    public ValueTask<bool> UpdateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        lock (_gate)
        {
            if (!_broadcasts.TryGetValue(broadcast.Id, out var current)
                || (current.Status == BroadcastStatus.Cancelled && broadcast.Status != BroadcastStatus.Cancelled))
            {
                return ValueTask.FromResult(false);
            }

            _broadcasts[broadcast.Id] = broadcast;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<int> AddRecipientsAsync(string broadcastId, int run, IReadOnlyList<BroadcastRecipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        lock (_gate)
        {
            var r = RunOf(broadcastId, run);
            var added = 0;
            foreach (var recipient in recipients)
            {
                if (r.ByKey.TryAdd(recipient.Key, recipient))
                {
                    r.Order.Add(recipient.Key);
                    added++;
                }
            }

            return ValueTask.FromResult(added);
        }
    }

    public ValueTask<IReadOnlyList<BroadcastRecipient>> ListAsync(
        string broadcastId, int run, RecipientState state, int offset, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var r = RunOf(broadcastId, run);
            return ValueTask.FromResult<IReadOnlyList<BroadcastRecipient>>(
                [.. r.Order.Select(k => r.ByKey[k]).Where(x => x.State == state).Skip(offset).Take(limit)]);
        }
    }

    public ValueTask<bool> TransitionAsync(
        string broadcastId, int run, string recipientKey, RecipientState expected, RecipientState target, string? reason, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var r = RunOf(broadcastId, run);
            if (!r.ByKey.TryGetValue(recipientKey, out var recipient) || recipient.State != expected)
            {
                return ValueTask.FromResult(false);
            }

            r.ByKey[recipientKey] = recipient with { State = target, Reason = reason };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<BroadcastCounts> CountAsync(string broadcastId, int run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(BroadcastCounts.From(
                RunOf(broadcastId, run).ByKey.Values.GroupBy(r => r.State).Select(g => KeyValuePair.Create(g.Key, g.Count()))));
        }
    }

    public ValueTask<int> CancelPendingAsync(string broadcastId, int run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var r = RunOf(broadcastId, run);
            var pending = r.ByKey.Values.Where(x => x.State == RecipientState.Pending).ToList();
            foreach (var recipient in pending)
            {
                r.ByKey[recipient.Key] = recipient with { State = RecipientState.Cancelled };
            }

            return ValueTask.FromResult(pending.Count);
        }
    }

    public ValueTask SetPreferenceAsync(string hubUserId, BroadcastPreference preference, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (preference == BroadcastPreference.None)
            {
                _preferences.Remove(hubUserId);
            }
            else
            {
                _preferences[hubUserId] = preference;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<BroadcastPreference> GetPreferenceAsync(string hubUserId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_preferences.GetValueOrDefault(hubUserId));
        }
    }

    public ValueTask<IReadOnlyList<string>> ListOptedInAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>(
            [
                .. _preferences.Where(p => p.Value == BroadcastPreference.OptedIn && (after is null || string.CompareOrdinal(p.Key, after) > 0))
                    .Select(p => p.Key).Order(StringComparer.Ordinal).Take(limit),
            ]);
        }
    }

    public ValueTask<int> EraseUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var key = BroadcastIds.RecipientKey(hubUserId);
        lock (_gate)
        {
            var erased = _preferences.Remove(hubUserId) ? 1 : 0;
            foreach (var r in _runs.Values)
            {
                if (r.ByKey.TryGetValue(key, out var recipient))
                {
                    r.ByKey[key] = recipient.State is RecipientState.Pending or RecipientState.Queued
                        ? new BroadcastRecipient(key, "", null, RecipientState.Skipped, "erased")
                        : new BroadcastRecipient(key, "", null, recipient.State, recipient.Reason);
                    erased++;
                }
            }

            return ValueTask.FromResult(erased);
        }
    }

    public ValueTask<bool> TryAcquireLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_lease is { } lease && lease.Owner != owner && lease.Until > now)
            {
                return ValueTask.FromResult(false);
            }

            _lease = (owner, now + duration);
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask ReleaseLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lease?.Owner == owner)
            {
                _lease = null;
            }
        }

        return ValueTask.CompletedTask;
    }

    private Run RunOf(string broadcastId, int run)
    {
        if (!_runs.TryGetValue((broadcastId, run), out var r))
        {
            _runs[(broadcastId, run)] = r = new Run();
        }

        return r;
    }

    private sealed class Run
    {
        public Dictionary<string, BroadcastRecipient> ByKey { get; } = new(StringComparer.Ordinal);

        public List<string> Order { get; } = [];
    }
}
