namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// At most <c>limit</c> sends in any window of <c>length</c> timestamp ticks, exactly: the times of the last
/// <c>limit</c> sends in a ring. Not thread-safe: the owner locks. For large limits see <see cref="SegmentedSendWindow"/>.
/// </summary>
internal sealed class SendWindow
{
    private readonly long[] _sends;
    private readonly long _length;
    private int _oldest;
    private int _count;

    public SendWindow(int limit, long length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _sends = new long[limit];
        _length = length;
    }

    /// <summary>Ticks until one more send fits (zero if it does now): the send <c>limit</c> back must have left the window.</summary>
    public long WaitTicks(long now) => _count < _sends.Length ? 0 : Math.Max(0, _sends[_oldest] + _length - now);

    public void Take(long now)
    {
        _sends[_oldest] = now;
        _oldest = (_oldest + 1) % _sends.Length;
        _count = Math.Min(_count + 1, _sends.Length);
    }
}

/// <summary>
/// At most <c>limit</c> sends in any window of <c>length</c>, counted in <c>segments</c> + 1 slices (so memory does not
/// grow with the limit). Conservative: a slice only leaves the count once all of it is older than the window, so a
/// send may wait up to one slice longer than an exact count would make it. Not thread-safe: the owner locks.
/// </summary>
internal sealed class SegmentedSendWindow
{
    private readonly int _limit;
    private readonly long _slice;
    private readonly int[] _counts;
    private readonly long[] _ids;

    public SegmentedSendWindow(int limit, long length, int segments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(segments, 1);
        _limit = limit;
        _slice = Math.Max(1, length / segments);
        _counts = new int[segments + 1];
        _ids = new long[segments + 1];
        Array.Fill(_ids, long.MinValue);
    }

    /// <summary>
    /// Ticks until one more send fits. Slices <c>current − segments … current</c> cover at least the last window;
    /// when they hold <c>limit</c> sends, the wait is until enough of the oldest slices have dropped out.
    /// </summary>
    public long WaitTicks(long now)
    {
        var current = now / _slice;
        var first = current - (_counts.Length - 1);
        var sum = 0;
        for (var id = first; id <= current; id++)
        {
            sum += CountOf(id);
        }

        for (var id = first; sum >= _limit && id <= current; id++)
        {
            sum -= CountOf(id);
            if (sum < _limit)
            {
                return ((id + _counts.Length) * _slice) - now; // slice id leaves once current > id + segments
            }
        }

        return 0;
    }

    public void Take(long now)
    {
        var id = now / _slice;
        var slot = (int)(id % _counts.Length);
        if (_ids[slot] != id)
        {
            _ids[slot] = id;
            _counts[slot] = 0;
        }

        _counts[slot]++;
    }

    private int CountOf(long id)
    {
        var slot = (int)(((id % _counts.Length) + _counts.Length) % _counts.Length);
        return _ids[slot] == id ? _counts[slot] : 0;
    }
}
