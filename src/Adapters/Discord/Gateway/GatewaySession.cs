namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>
/// What RESUME needs, kept across connections: the session id and resume URL from READY, and the last sequence
/// number received (<c>s</c> of every dispatch; only ever moves forward, so replays after a resume cannot move it
/// back). Read by the heartbeat loop while the receive loop writes it.
/// </summary>
internal sealed class GatewaySession
{
    private readonly Lock _gate = new();
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long _sequence = -1;

    public bool CanResume
    {
        get
        {
            lock (_gate)
            {
                return _sessionId is not null && _resumeUrl is not null;
            }
        }
    }

    public string? SessionId
    {
        get
        {
            lock (_gate)
            {
                return _sessionId;
            }
        }
    }

    public Uri? ResumeUrl
    {
        get
        {
            lock (_gate)
            {
                return _resumeUrl;
            }
        }
    }

    /// <summary>The last sequence number received, or null before the first dispatch.</summary>
    public long? Sequence
    {
        get
        {
            var value = Interlocked.Read(ref _sequence);
            return value < 0 ? null : value;
        }
    }

    public void Start(string sessionId, Uri resumeUrl)
    {
        lock (_gate)
        {
            _sessionId = sessionId;
            _resumeUrl = resumeUrl;
        }
    }

    public void Observe(long sequence)
    {
        var current = Interlocked.Read(ref _sequence);
        while (sequence > current)
        {
            var seen = Interlocked.CompareExchange(ref _sequence, sequence, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Forgets the session: the next connection identifies afresh.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _sessionId = null;
            _resumeUrl = null;
            Interlocked.Exchange(ref _sequence, -1);
        }
    }
}
