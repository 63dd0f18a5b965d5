namespace ChatHub.Sqlite.Database;

/// <summary>
/// The processing ledger's leases of this process, in memory: a lease only says "this process is working on it", and
/// one process owns the file (the lock file), so a lease needs no disk write and is gone with the process as it should
/// be (the replay after a restart takes the work over at once). Also the done markers written but not yet committed
/// (<see cref="Stores.SqliteIdempotencyStore.MarkDoneAsync"/> does not wait for its commit), which every read of a key
/// checks first. Guarded by one lock; entries live while their work runs, or until their commit.
/// </summary>
internal sealed class LeaseTable
{
    private readonly Dictionary<string, (string Owner, long ExpiresAt)> _leases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pendingDone = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    /// <summary>The live lease's owner, or null (call under <see cref="Gate"/>).</summary>
    public string? LiveOwner(string key, long now) =>
        _leases.TryGetValue(key, out var lease) && lease.ExpiresAt > now ? lease.Owner : null;

    /// <summary>Whether a done marker for the key is written but not yet committed, and unexpired (call under <see cref="Gate"/>).</summary>
    public bool IsPendingDone(string key, long now) => _pendingDone.TryGetValue(key, out var expiresAt) && expiresAt > now;

    /// <summary>A done marker is in effect from now on: noted as pending, and the key's lease dropped, in one step.</summary>
    public void MarkPendingDone(string key, long expiresAt)
    {
        lock (Gate)
        {
            _pendingDone[key] = expiresAt;
            _leases.Remove(key);
        }
    }

    /// <summary>The marker committed (readers find it in the file now); a newer pending marker of the key stays.</summary>
    public void DoneCommitted(string key, long expiresAt)
    {
        lock (Gate)
        {
            if (_pendingDone.TryGetValue(key, out var pending) && pending == expiresAt)
            {
                _pendingDone.Remove(key);
            }
        }
    }

    /// <summary>Takes or renews a lease (call under <see cref="Gate"/>).</summary>
    public void Set(string key, string owner, long expiresAt) => _leases[key] = (owner, expiresAt);

    /// <summary>Drops the key's lease, any owner's (the work is done).</summary>
    public void Remove(string key)
    {
        lock (Gate)
        {
            _leases.Remove(key);
        }
    }

    /// <summary>Drops the key's lease only if <paramref name="owner"/> holds it.</summary>
    public void Release(string key, string owner)
    {
        lock (Gate)
        {
            if (_leases.TryGetValue(key, out var lease) && lease.Owner == owner)
            {
                _leases.Remove(key);
            }
        }
    }

    /// <summary>Forgets expired leases (their owners died or gave up without a release); returns how many.</summary>
    public int Sweep(long now)
    {
        lock (Gate)
        {
            var expired = _leases.Where(kv => kv.Value.ExpiresAt <= now).Select(kv => kv.Key).ToList();
            foreach (var key in expired)
            {
                _leases.Remove(key);
            }

            return expired.Count;
        }
    }
}
